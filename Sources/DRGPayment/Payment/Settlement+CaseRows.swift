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
      let outputs = BlockResults<ByteRows>(count: count)
      let first = start
      DispatchQueue.concurrentPerform(iterations: count) { offset in
        let block = first + offset
        let range = block * blockSize..<min(cases.count, (block + 1) * blockSize)
        outputs.set(offset, caseRows(range, fields: fields))
      }
      for offset in 0..<count {
        if let rows = outputs.take(offset) { try writer.write(rows.bytes) }
      }
      start += count
    }
  }

  /// The `cases.csv` rows of `range`.
  func caseRows(_ range: Range<Int>, fields: CaseRowFields) -> ByteRows {
    let rows = ByteRows(capacity: range.count * 80)
    let comma: UInt8 = 0x2C
    let hasHospitalNames = hospitalTable != nil
    // Room for every field but the case id and the reason, whose lengths vary by case.
    let width = fields.widestRow
    // Fields are read from the columns so that no whole case is built; the texts' fields
    // are formatted once (``CaseRowFields``).
    for index in range {
      cases.withCaseIDBytes(at: index) { id in
        rows.reserve(2 * id.count + 2 + width)
        rows.field(id)
      }
      rows.byte(comma)
      let hospital = Int(cases.hospitalID[index])
      fields.append(fields.text, hospital, to: rows)
      rows.byte(comma)
      let pool = poolOfCase[index]
      if pool >= 0 { fields.append(fields.pools, pool, to: rows) }
      rows.byte(comma)
      let drg = Int(cases.drgID[index])
      fields.append(fields.text, drg, to: rows)
      rows.byte(comma)
      fields.append(fields.categories, Int(prices.category[index]), to: rows)
      rows.byte(comma)
      // A case priced in yuan has no points.
      if !prices.isYuan(at: index) { rows.hundredths(prices.centipoints(at: index)) }
      rows.byte(comma)
      if pool >= 0 {
        let payment = paymentFen(ofCase: index)
        let selfPay = cases.patientFen(at: index)
        rows.hundredths(payment)
        rows.byte(comma)
        rows.hundredths(selfPay)
        rows.byte(comma)
        rows.hundredths(payment - selfPay)
      } else {
        rows.byte(comma)
        rows.byte(comma)
      }
      rows.byte(comma)
      let reason = Int(prices.reasonID[index])
      if reason != 0 {
        var text = prices.reasons[reason]
        text.withUTF8 {
          rows.reserve(2 * $0.count + 2 + width)
          rows.field($0)
        }
      }
      // Names at the end, so that readers of the older columns keep working.
      rows.byte(comma)
      fields.append(fields.drgName, drg, to: rows)
      if hasHospitalNames {
        rows.byte(comma)
        fields.append(fields.hospitalName, hospital, to: rows)
      }
      rows.byte(0x0A)
    }
    return rows
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

  /// The most bytes a row takes besides its case id and reason: the longest field of each
  /// table, four amounts and the separators.
  var widestRow: Int {
    func widest(_ table: Table) -> Int {
      zip(table.start, table.end).reduce(0) { Swift.max($0, $1.1 - $1.0) }
    }
    return 2 * widest(text) + widest(pools) + widest(categories) + widest(drgName)
      + widest(hospitalName) + 4 * ByteRows.hundredthsWidth + 16
  }

  /// Appends the field of `slot` in `table` to `rows` (room reserved).
  @inline(__always)
  func append(_ table: Table, _ slot: Int, to rows: ByteRows) {
    let start = table.start[slot]
    let end = table.end[slot]
    guard end > start else { return }
    bytes.withUnsafeBufferPointer { rows.append(UnsafeBufferPointer(rebasing: $0[start..<end])) }
  }
}
