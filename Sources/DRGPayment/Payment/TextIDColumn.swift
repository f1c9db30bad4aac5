@_spi(DRGPackage) import DRGKit

/// One text per case (a hospital id, a DRG, a status …), held as the id of the text in the
/// store's shared table (``SettlementCases/texts``), in as few bytes as the column needs.
///
/// The column numbers its own distinct texts 0, 1, 2 … in order of first appearance (its
/// codes) and keeps a small table from code to shared id, so that a column of 40 hospitals
/// or 3 statuses takes 1 byte a case and one of 630 DRGs or 26,000 diagnoses 2, however
/// many texts the other columns add to the shared table. Reading a position gives the
/// shared id, so every table indexed by shared id (``ColumnPricer``, the settlement's sums)
/// works unchanged.
///
/// Codes are held 1 byte wide until a 257th text appears, then 2 until a 65,537th, then 4:
/// widening copies the codes once into the wider column and frees the narrower. Every width
/// grows by pages (``PagedColumn``), so no column is held twice while a file is read.
struct TextIDColumn: Sendable, RandomAccessCollection {
  private var bytes = PagedColumn<UInt8>()
  private var halves = PagedColumn<UInt16>()
  private var words = PagedColumn<UInt32>()
  /// Bytes per code: 1, 2 or 4.
  private(set) var width = 1
  /// The shared id of each code.
  private(set) var idOfCode: [UInt32] = []
  /// The code of each shared id seen so far (``noCode``: not in this column).
  private var codeOfID: [UInt32] = []
  private static let noCode = UInt32.max

  /// An empty column.
  init() {}

  /// 0.
  var startIndex: Int { 0 }
  /// The number of cases.
  var endIndex: Int {
    switch width {
    case 1: bytes.count
    case 2: halves.count
    default: words.count
    }
  }

  /// The shared id of the text of the case at `position`.
  @inline(__always)
  subscript(position: Int) -> UInt32 { idOfCode[Int(code(at: position))] }

  /// The column's own code of the case at `position`.
  @inline(__always)
  func code(at position: Int) -> UInt32 {
    switch width {
    case 1: UInt32(bytes[position])
    case 2: UInt32(halves[position])
    default: words[position]
    }
  }

  /// Appends a case whose text has the shared id `id`.
  @inline(__always)
  mutating func append(_ id: UInt32) {
    appendCode(code(forID: id))
  }

  /// Numbers the shared id `id`, not yet in this column.
  private mutating func newCode(for id: UInt32) -> UInt32 {
    let index = Int(id)
    if index >= codeOfID.count {
      codeOfID.append(contentsOf: repeatElement(Self.noCode, count: index + 1 - codeOfID.count))
    }
    let code = UInt32(idOfCode.count)
    idOfCode.append(id)
    codeOfID[index] = code
    return code
  }

  @inline(__always)
  private mutating func appendCode(_ code: UInt32) {
    if width == 1 && code <= UInt8.max {
      bytes.append(UInt8(truncatingIfNeeded: code))
      return
    }
    if width < 4 && code > UInt16.max {
      widen(to: 4)
    } else if width == 1 {
      widen(to: 2)
    }
    if width == 2 {
      halves.append(UInt16(truncatingIfNeeded: code))
    } else {
      words.append(code)
    }
  }

  /// Copies the codes into the column `newWidth` bytes wide and frees the narrower one.
  private mutating func widen(to newWidth: Int) {
    switch (width, newWidth) {
    case (1, 2):
      for code in bytes { halves.append(UInt16(code)) }
      bytes.removeAll(keepingCapacity: false)
    case (1, 4):
      for code in bytes { words.append(UInt32(code)) }
      bytes.removeAll(keepingCapacity: false)
    case (2, 4):
      for code in halves { words.append(UInt32(code)) }
      halves.removeAll(keepingCapacity: false)
    default: return
    }
    width = newWidth
  }

  /// The code of the shared id `id`, numbering it when it is new to this column.
  @inline(__always)
  private mutating func code(forID id: UInt32) -> UInt32 {
    let index = Int(id)
    if index < codeOfID.count && codeOfID[index] != Self.noCode { return codeOfID[index] }
    return newCode(for: id)
  }

  /// Appends the cases of a chunk, given by the chunk's own text ids, each turned into a
  /// shared id by `remap` (`remap[chunk id] = shared id`); each distinct chunk id is looked
  /// up once, and the codes are copied a page at a time.
  mutating func append(ids: UnsafeBufferPointer<UInt32>, remap: UnsafeBufferPointer<UInt32>) {
    guard !ids.isEmpty else { return }
    // The code of each chunk id the chunk uses; new texts are numbered in order of first
    // appearance, so the codes stay those of the cases' order.
    var codeOfChunkID = [UInt32](repeating: Self.noCode, count: remap.count)
    for chunkID in ids where codeOfChunkID[Int(chunkID)] == Self.noCode {
      codeOfChunkID[Int(chunkID)] = code(forID: remap[Int(chunkID)])
    }
    // Every code so far fits the width its number of texts needs.
    if idOfCode.count > Int(UInt16.max) + 1 {
      widen(to: 4)
    } else if idOfCode.count > Int(UInt8.max) + 1 {
      widen(to: 2)
    }
    func append<Code: FixedWidthInteger>(into column: inout PagedColumn<Code>) {
      let codes = codeOfChunkID.withUnsafeBufferPointer { codeOfChunkID in
        ids.map { Code(truncatingIfNeeded: codeOfChunkID[Int($0)]) }
      }
      codes.withUnsafeBufferPointer { column.append(contentsOf: $0) }
    }
    switch width {
    case 1: append(into: &bytes)
    case 2: append(into: &halves)
    default: append(into: &words)
    }
  }

  /// Removes every case and text, narrowing to 1 byte again.
  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: false)
    halves.removeAll(keepingCapacity: false)
    words.removeAll(keepingCapacity: false)
    width = 1
    idOfCode.removeAll()
    codeOfID.removeAll()
  }
}
