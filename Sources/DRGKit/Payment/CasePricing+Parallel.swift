import Dispatch
import Foundation

extension CasePricing {
  /// The points of every case (before the readmission rule), priced in parallel blocks;
  /// the result does not depend on the number of threads.
  public func prices(
    _ cases: [SettlementCase], threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> [CasePrice] {
    let count = cases.count
    let blockSize = 16_384
    let blocks = (count + blockSize - 1) / blockSize
    guard blocks > 1, threads > 1 else { return cases.map { price($0) } }
    return [CasePrice](unsafeUninitializedCapacity: count) { buffer, initialized in
      let output = SharedMutableBuffer(buffer)
      cases.withUnsafeBufferPointer { input in
        let source = SharedBuffer(input)
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
          let range = block * blockSize..<min(count, (block + 1) * blockSize)
          for index in range {
            (output.base.baseAddress! + index).initialize(to: price(source.base[index]))
          }
        }
      }
      initialized = count
    }
  }
}
