/// What the reading of one record normalised or could not read: the bits, the counts by
/// kind and the text for the row's `warnings`. Filled only on the general paths (see
/// ``ExportValue``), so a clean record costs one test of ``isEmpty``.
package final class ValueNotes {
  /// ``ValueNormalisation`` bits of the record.
  private(set) var normalised: UInt16 = 0
  /// ``CaseValueField`` bits of the values that could not be read.
  private(set) var unreadable: UInt16 = 0
  /// Normalised values by ``ValueNormalisation`` raw value.
  private(set) var counts = [Int](repeating: 0, count: ValueNormalisation.allCases.count)
  /// `; `-separated notes, e.g. `age '67岁' read as 67 (unit removed)`.
  private(set) var text: [UInt8] = []
  /// Bytes of the codes normalisation spelled anew; their keys point here, so it never
  /// grows while a record's keys are in use (see ``reserveCodeBytes(_:)``).
  private(set) var codeBytes: UnsafeMutableBufferPointer<UInt8>
  private var codeBytesUsed = 0

  init() { codeBytes = .allocate(capacity: 256) }
  deinit { codeBytes.deallocate() }

  /// Whether the record read as it was written.
  @inline(__always)
  var isEmpty: Bool { normalised | unreadable == 0 }

  /// Forgets the last record's notes.
  @inline(__always)
  func reset() {
    guard !isEmpty || codeBytesUsed != 0 else { return }
    normalised = 0
    unreadable = 0
    for index in counts.indices { counts[index] = 0 }
    text.removeAll(keepingCapacity: true)
    codeBytesUsed = 0
  }

  /// Makes room for `count` more code bytes before any key points into them.
  func reserveCodeBytes(_ count: Int) {
    guard codeBytesUsed + count > codeBytes.count else { return }
    precondition(codeBytesUsed == 0, "code bytes grow only before keys point into them")
    codeBytes.deallocate()
    codeBytes = .allocate(capacity: max(count, codeBytes.count * 2))
  }

  /// Copies `bytes` into the code bytes and returns where they now are.
  func store(_ bytes: [UInt8]) -> UnsafeBufferPointer<UInt8> {
    precondition(codeBytesUsed + bytes.count <= codeBytes.count, "reserveCodeBytes first")
    let start = codeBytes.baseAddress! + codeBytesUsed
    bytes.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: $0.count) }
    codeBytesUsed += bytes.count
    return UnsafeBufferPointer(start: start, count: bytes.count)
  }

  /// Notes a value read after normalising: `what 'raw' read as value (kinds)`.
  func noteNormalised(
    _ kinds: UInt16, what: String, raw: UnsafeBufferPointer<UInt8>, readAs: String
  ) {
    guard kinds != 0 else { return }
    normalised |= kinds
    var names: [String] = []
    for kind in ValueNormalisation.allCases where kinds & kind.bit != 0 {
      counts[kind.rawValue] += 1
      names.append(kind.description)
    }
    startNote()
    append(what + " '")
    text.append(contentsOf: raw)
    append("' read as \(readAs) (\(names.joined(separator: ", ")))")
  }

  /// Notes a value that could not be read.
  func noteUnreadable(_ field: CaseValueField, raw: UnsafeBufferPointer<UInt8>) {
    unreadable |= 1 << UInt16(field.rawValue)
    startNote()
    append("\(field) '")
    text.append(contentsOf: raw)
    append("' unreadable")
  }

  private func startNote() {
    if !text.isEmpty { append("; ") }
  }

  private func append(_ string: String) {
    text.append(contentsOf: string.utf8)
  }
}
