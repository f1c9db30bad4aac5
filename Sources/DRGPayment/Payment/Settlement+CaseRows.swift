import DRGKit
import Dispatch
import Foundation

extension Settlement {
  /// Writes the rows of `cases.csv` (no header): blocks of cases are formatted into bytes
  /// in parallel, a batch at a time, and written in order, so memory stays bounded and the
  /// file does not depend on the number of threads.
  func writeCaseRows(
    to writer: CSVWriter, threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) throws(FileError) {
    let blockSize = 32_768
    let blocks = (cases.count + blockSize - 1) / blockSize
    let batch = max(1, threads) * 2
    let poolNames = pools.map { Array($0.name.utf8) }
    var start = 0
    while start < blocks {
      let count = min(batch, blocks - start)
      let outputs = BlockResults<[UInt8]>(count: count)
      let first = start
      DispatchQueue.concurrentPerform(iterations: count) { offset in
        let block = first + offset
        let range = block * blockSize..<min(cases.count, (block + 1) * blockSize)
        outputs.set(offset, caseRows(range, poolNames: poolNames))
      }
      for offset in 0..<count { try writer.write(outputs.take(offset) ?? []) }
      start += count
    }
  }

  /// The `cases.csv` rows of `range`.
  func caseRows(_ range: Range<Int>, poolNames: [[UInt8]]) -> [UInt8] {
    let categoryNames = CaseCategory.allCases.map { Array($0.rawValue.utf8) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(range.count * 48)
    func field(_ text: String) {
      var text = text
      text.withUTF8 { CSVWriter.appendField($0, to: &bytes) }
    }
    func textField(_ id: UInt32) { field(cases.texts[Int(id)]) }
    // Fields are read from the columns so that no whole case is built.
    do {
      for index in range {
        cases.withCaseIDBytes(at: index) { CSVWriter.appendField($0, to: &bytes) }
        bytes.append(ASCII.comma)
        textField(cases.hospitalID[index])
        bytes.append(ASCII.comma)
        if poolOfCase[index] >= 0 {
          poolNames[poolOfCase[index]].withUnsafeBufferPointer {
            CSVWriter.appendField($0, to: &bytes)
          }
        }
        bytes.append(ASCII.comma)
        textField(cases.drgID[index])
        bytes.append(ASCII.comma)
        bytes.append(contentsOf: categoryNames[Int(prices.category[index])])
        bytes.append(ASCII.comma)
        // A case priced in yuan has no points.
        if !prices.isYuan(at: index) {
          Self.appendHundredths(prices.centipoints(at: index), to: &bytes)
        }
        bytes.append(ASCII.comma)
        if poolOfCase[index] >= 0 {
          let payment = paymentFen(ofCase: index)
          let selfPay = cases.patientFen(at: index)
          Self.appendHundredths(payment, to: &bytes)
          bytes.append(ASCII.comma)
          Self.appendHundredths(selfPay, to: &bytes)
          bytes.append(ASCII.comma)
          Self.appendHundredths(payment - selfPay, to: &bytes)
        } else {
          bytes.append(ASCII.comma)
          bytes.append(ASCII.comma)
        }
        bytes.append(ASCII.comma)
        let reason = Int(prices.reasonID[index])
        if reason != 0 { field(prices.reasons[reason]) }
        // Names at the end, so that readers of the older columns keep working.
        bytes.append(ASCII.comma)
        if let name = drgNames[cases.drg(at: index)] { field(name) }
        if let hospitalTable {
          bytes.append(ASCII.comma)
          field(hospitalTable.name(of: cases.hospital(at: index)))
        }
        bytes.append(ASCII.lf)
      }
    }
    return bytes
  }

  /// Appends `value` / 100 with 2 decimals.
  static func appendHundredths(_ value: Int64, to bytes: inout [UInt8]) {
    if value < 0 { bytes.append(ASCII.minus) }
    let magnitude = value.magnitude
    let whole = magnitude / 100
    let cents = magnitude % 100
    var divisor: UInt64 = 1
    while divisor <= whole / 10 { divisor *= 10 }
    var rest = whole
    while divisor > 0 {
      bytes.append(ASCII.zero + UInt8(rest / divisor))
      rest %= divisor
      divisor /= 10
    }
    bytes.append(ASCII.dot)
    bytes.append(ASCII.zero + UInt8(cents / 10))
    bytes.append(ASCII.zero + UInt8(cents % 10))
  }
}
