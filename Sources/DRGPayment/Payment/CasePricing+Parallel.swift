import DRGKit
import Dispatch
import Foundation

extension CasePricing {
  /// The points of every case (before the readmission rule), priced in parallel blocks;
  /// the result does not depend on the number of threads.
  public func prices(
    _ cases: [SettlementCase], threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> [CasePrice] {
    prices(of: cases, threads: threads)
  }

  /// ``prices(_:threads:)`` of cases held as columns: each case is built from the columns
  /// as its block is priced.
  public func prices(
    _ cases: SettlementCases, threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> [CasePrice] {
    prices(of: cases, threads: threads)
  }

  /// ``prices(_:threads:)`` held as columns (``CasePrices``): blocks are priced in
  /// parallel a batch at a time and appended in order, so the prices are never held twice.
  /// Cases are priced from the columns (``ColumnPricer``), without building each case.
  public func compactPrices(
    _ cases: SettlementCases, threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> CasePrices {
    let count = cases.count
    let blockSize = 16_384
    let blocks = (count + blockSize - 1) / blockSize
    let batch = max(1, threads) * 4
    let pricer = ColumnPricer(pricing: self, cases: cases)
    var result = CasePrices()
    var start = 0
    while start < blocks {
      let size = min(batch, blocks - start)
      let outputs = BlockResults<[CasePrice]>(count: size)
      let first = start
      DispatchQueue.concurrentPerform(iterations: size) { offset in
        let block = first + offset
        let range = block * blockSize..<min(count, (block + 1) * blockSize)
        outputs.set(offset, range.map { pricer.price(at: $0) })
      }
      for offset in 0..<size { result.append(contentsOf: outputs.take(offset) ?? []) }
      start += size
    }
    return result
  }

  private func prices<Cases: RandomAccessCollection & Sendable>(of cases: Cases, threads: Int)
    -> [CasePrice]
  where Cases.Element == SettlementCase, Cases.Index == Int {
    let count = cases.count
    let blockSize = 16_384
    let blocks = (count + blockSize - 1) / blockSize
    guard blocks > 1, threads > 1 else { return cases.map { price($0) } }
    return [CasePrice](unsafeUninitializedCapacity: count) { buffer, initialized in
      let output = SharedMutableBuffer(buffer)
      DispatchQueue.concurrentPerform(iterations: blocks) { block in
        let range = block * blockSize..<min(count, (block + 1) * blockSize)
        for index in range {
          (output.base.baseAddress! + index).initialize(to: price(cases[index]))
        }
      }
      initialized = count
    }
  }
}
