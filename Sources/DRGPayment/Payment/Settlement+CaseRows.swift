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
    let fields = CaseRowFields(self)
    var start = 0
    while start < blocks {
      let count = min(batch, blocks - start)
      let outputs = BlockResults<[UInt8]>(count: count)
      let first = start
      DispatchQueue.concurrentPerform(iterations: count) { offset in
        let block = first + offset
        let range = block * blockSize..<min(cases.count, (block + 1) * blockSize)
        outputs.set(offset, caseRows(range, fields: fields))
      }
      for offset in 0..<count { try writer.write(outputs.take(offset) ?? []) }
      start += count
    }
  }

  /// The `cases.csv` rows of `range`.
  func caseRows(_ range: Range<Int>, fields: CaseRowFields) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(range.count * 64)
    let hasHospitalNames = hospitalTable != nil
    // Fields are read from the columns so that no whole case is built; the texts' fields
    // are formatted once (``CaseRowFields``).
    for index in range {
      cases.withCaseIDBytes(at: index) { CSVWriter.appendField($0, to: &bytes) }
      bytes.append(ASCII.comma)
      let hospital = Int(cases.hospitalID[index])
      fields.append(fields.text, hospital, to: &bytes)
      bytes.append(ASCII.comma)
      let pool = poolOfCase[index]
      if pool >= 0 { fields.append(fields.pools, pool, to: &bytes) }
      bytes.append(ASCII.comma)
      let drg = Int(cases.drgID[index])
      fields.append(fields.text, drg, to: &bytes)
      bytes.append(ASCII.comma)
      fields.append(fields.categories, Int(prices.category[index]), to: &bytes)
      bytes.append(ASCII.comma)
      // A case priced in yuan has no points.
      if !prices.isYuan(at: index) {
        Self.appendHundredths(prices.centipoints(at: index), to: &bytes)
      }
      bytes.append(ASCII.comma)
      if pool >= 0 {
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
      if reason != 0 {
        var text = prices.reasons[reason]
        text.withUTF8 { CSVWriter.appendField($0, to: &bytes) }
      }
      // Names at the end, so that readers of the older columns keep working.
      bytes.append(ASCII.comma)
      fields.append(fields.drgName, drg, to: &bytes)
      if hasHospitalNames {
        bytes.append(ASCII.comma)
        fields.append(fields.hospitalName, hospital, to: &bytes)
      }
      bytes.append(ASCII.lf)
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

/// The `cases.csv` fields that depend only on a text, a pool or a category, formatted once
/// (quoted as RFC 4180 requires) for the hospital ids and DRGs of the cases: each is a
/// range of ``bytes``, found by the text id (or the pool or category number).
struct CaseRowFields: Sendable {
  /// A kind of field: its range in ``bytes`` by text id (or number); an empty range when
  /// the field is empty.
  struct Table: Sendable {
    var start: [Int]
    var end: [Int]
  }

  private(set) var bytes: [UInt8] = []
  /// A text as it is (hospital ids and DRGs).
  private(set) var text: Table
  /// The DRG name (`drg_name` of the grouped file) of a DRG text.
  private(set) var drgName: Table
  /// The hospital name (`--hospitals`) of a hospital id text.
  private(set) var hospitalName: Table
  /// Pool names by pool number.
  private(set) var pools = Table(start: [], end: [])
  /// Category names by ordinal.
  private(set) var categories = Table(start: [], end: [])

  init(_ settlement: Settlement) {
    let cases = settlement.cases
    let count = cases.texts.count
    let empty = Table(
      start: Array(repeating: 0, count: count), end: Array(repeating: 0, count: count))
    text = empty
    drgName = empty
    hospitalName = empty
    var hasText = [Bool](repeating: false, count: count)
    var seen = [Bool](repeating: false, count: count)
    for id in cases.hospitalID where !seen[Int(id)] {
      seen[Int(id)] = true
      let hospital = cases.texts[Int(id)]
      if !hasText[Int(id)] { add(hospital, to: \.text, at: Int(id)) }
      hasText[Int(id)] = true
      if let table = settlement.hospitalTable {
        add(table.name(of: hospital), to: \.hospitalName, at: Int(id))
      }
    }
    seen = [Bool](repeating: false, count: count)
    for id in cases.drgID where !seen[Int(id)] {
      seen[Int(id)] = true
      let drg = cases.texts[Int(id)]
      if !hasText[Int(id)] { add(drg, to: \.text, at: Int(id)) }
      hasText[Int(id)] = true
      if let name = settlement.drgNames[drg] { add(name, to: \.drgName, at: Int(id)) }
    }
    pools = Table(
      start: Array(repeating: 0, count: settlement.pools.count),
      end: Array(repeating: 0, count: settlement.pools.count))
    for (number, pool) in settlement.pools.enumerated() { add(pool.name, to: \.pools, at: number) }
    let names = CaseCategory.allCases
    categories = Table(
      start: Array(repeating: 0, count: names.count),
      end: Array(repeating: 0, count: names.count))
    for (ordinal, category) in names.enumerated() {
      add(category.rawValue, to: \.categories, at: ordinal)
    }
  }

  private mutating func add(
    _ text: String, to table: WritableKeyPath<Self, Table>, at slot: Int
  ) {
    let start = bytes.count
    var text = text
    text.withUTF8 { CSVWriter.appendField($0, to: &bytes) }
    self[keyPath: table].start[slot] = start
    self[keyPath: table].end[slot] = bytes.count
  }

  /// Appends the field of `slot` in `table` to `output`.
  @inline(__always)
  func append(_ table: Table, _ slot: Int, to output: inout [UInt8]) {
    let start = table.start[slot]
    let end = table.end[slot]
    guard end > start else { return }
    bytes.withUnsafeBufferPointer {
      output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end]))
    }
  }
}
