import Foundation

/// The bytes of a compiled scheme being written (see ``SchemeCache``): little-endian
/// integers, texts as length and UTF-8, arrays of plain values as count and raw bytes.
struct CompiledFormWriter {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int = 1 << 20) {
    bytes.reserveCapacity(capacity)
  }

  mutating func integer(_ value: Int) {
    withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func word(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

  mutating func text(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      integer(utf8.count)
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func optionalText(_ value: String?) {
    flag(value != nil)
    if let value { text(value) }
  }

  mutating func texts(_ values: [String]) {
    integer(values.count)
    for value in values { text(value) }
  }

  mutating func integers(_ values: [Int]) {
    integer(values.count)
    for value in values { integer(value) }
  }

  /// Values of a plain type (integers, or structs of integers), as their memory.
  mutating func values<T: BitwiseCopyable>(_ values: [T]) {
    integer(values.count)
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }

  mutating func values<T: BitwiseCopyable>(_ values: UnsafeMutableBufferPointer<T>) {
    integer(values.count)
    bytes.append(contentsOf: UnsafeRawBufferPointer(values))
  }

  /// Words that are mostly zero (bitmaps, candidate masks): their count, then the
  /// positions and values of the others. CHS-DRG 1.1's list bitmap is 95% zero words.
  mutating func sparseWords(_ words: UnsafeBufferPointer<UInt64>) {
    integer(words.count)
    var positions: [UInt32] = []
    var values: [UInt64] = []
    for (position, word) in words.enumerated() where word != 0 {
      positions.append(UInt32(position))
      values.append(word)
    }
    self.values(positions)
    self.values(values)
  }
}

/// A compiled scheme's payload that cannot be read: it ends early, or holds a value no
/// writer writes. The cache holding it is ignored and rebuilt.
struct CompiledFormError: Error {
  var reason: String
}

/// Reads what ``CompiledFormWriter`` wrote, checking every length against the bytes left.
/// The payload's checksum was verified before, so these checks catch a writer's bug or a
/// foreign format, not corruption.
struct CompiledFormReader {
  private let bytes: UnsafeRawBufferPointer
  private(set) var offset: Int

  init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  var isAtEnd: Bool { offset == bytes.count }

  private mutating func take(_ count: Int) throws(CompiledFormError) -> Int {
    guard count >= 0, count <= bytes.count &- offset else {
      throw CompiledFormError(reason: "ends early at byte \(offset)")
    }
    defer { offset &+= count }
    return offset
  }

  mutating func integer() throws(CompiledFormError) -> Int {
    let at = try take(8)
    let value = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self))
    return Int(value)
  }

  /// An integer that counts something: at least 0 and at most `limit`.
  mutating func count(limit: Int = Int(Int32.max)) throws(CompiledFormError) -> Int {
    let value = try integer()
    guard value >= 0, value <= limit else {
      throw CompiledFormError(reason: "count \(value) out of range at byte \(offset - 8)")
    }
    return value
  }

  mutating func word() throws(CompiledFormError) -> UInt64 {
    let at = try take(8)
    return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
  }

  mutating func flag() throws(CompiledFormError) -> Bool {
    let at = try take(1)
    switch bytes[at] {
    case 0: return false
    case 1: return true
    default: throw CompiledFormError(reason: "flag \(bytes[at]) at byte \(at)")
    }
  }

  mutating func text() throws(CompiledFormError) -> String {
    let count = try count()
    let at = try take(count)
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<at + count]), as: UTF8.self)
  }

  /// A text into `text`, which is kept as it is (no new `String`) when it already holds it.
  mutating func text(reusing text: inout String) throws(CompiledFormError) {
    let count = try count()
    let at = try take(count)
    let bytes = UnsafeRawBufferPointer(rebasing: bytes[at..<at + count])
    let same =
      count == text.utf8.count
      && (count == 0 || text.withUTF8 { memcmp($0.baseAddress!, bytes.baseAddress!, count) == 0 })
    if !same { text = String(decoding: bytes, as: UTF8.self) }
  }

  mutating func optionalText() throws(CompiledFormError) -> String? {
    try flag() ? try text() : nil
  }

  mutating func texts() throws(CompiledFormError) -> [String] {
    let count = try count()
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try text()) }
    return values
  }

  mutating func integers() throws(CompiledFormError) -> [Int] {
    let count = try count()
    var values: [Int] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try integer()) }
    return values
  }

  /// The bytes of `count` values of `T`, checked to be there.
  private mutating func raw<T: BitwiseCopyable>(_: T.Type) throws(CompiledFormError)
    -> UnsafeRawBufferPointer
  {
    let count = try count()
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
    guard !overflow else { throw CompiledFormError(reason: "array too long at byte \(offset)") }
    let at = try take(byteCount)
    return UnsafeRawBufferPointer(rebasing: bytes[at..<at + byteCount])
  }

  mutating func values<T: BitwiseCopyable>(_: T.Type = T.self) throws(CompiledFormError) -> [T] {
    let source = try raw(T.self)
    let count = source.count / MemoryLayout<T>.stride
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 {
        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
      }
      initialized = count
    }
  }

  /// Values of `T` in table memory (see ``TableMemory``); the caller frees them.
  mutating func tableValues<T: BitwiseCopyable>(_: T.Type = T.self) throws(CompiledFormError)
    -> UnsafeMutableBufferPointer<T>
  {
    let source = try raw(T.self)
    let count = source.count / MemoryLayout<T>.stride
    let buffer = TableMemory.allocate(T.self, count: count)
    if count > 0 {
      UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
    } else {
      UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
    }
    return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
  }

  /// The non-zero words written by ``CompiledFormWriter/sparseWords(_:)`` (after their
  /// count, read with ``count(limit:)``), into `words` (already zeroed, of that count).
  mutating func scatterWords(into words: UnsafeMutableBufferPointer<UInt64>)
    throws(CompiledFormError)
  {
    let positions = try raw(UInt32.self)
    let values = try raw(UInt64.self)
    let count = positions.count / 4
    guard values.count / 8 == count else {
      throw CompiledFormError(reason: "sparse words at byte \(offset)")
    }
    for index in 0..<count {
      let position = Int(positions.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
      guard position < words.count else {
        throw CompiledFormError(reason: "sparse word position \(position)")
      }
      words[position] = values.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self)
    }
  }

  /// Words written by ``CompiledFormWriter/sparseWords(_:)``, in zeroed table memory (see
  /// ``TableMemory/allocateZeroed(_:count:)``); the caller frees them with
  /// ``TableMemory/free(_:)``.
  mutating func sparseTableWords() throws(CompiledFormError) -> UnsafeMutableBufferPointer<UInt64> {
    let count = try count()
    let buffer = TableMemory.allocateZeroed(UInt64.self, count: count)
    do {
      try scatterWords(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
    } catch {
      TableMemory.free(buffer)
      throw error
    }
    return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
  }

  /// A code table's `count` slots (all empty but those written, as positions then slots),
  /// in zeroed table memory; the caller frees them with ``TableMemory/free(_:)``.
  mutating func scatteredSlots(count: Int) throws(CompiledFormError)
    -> UnsafeMutableBufferPointer<CodeTable.Slot>
  {
    let positions = try raw(UInt32.self)
    let used = try raw(CodeTable.Slot.self)
    let stride = MemoryLayout<CodeTable.Slot>.stride
    guard positions.count / 4 == used.count / stride else {
      throw CompiledFormError(reason: "code table slots at byte \(offset)")
    }
    let buffer = TableMemory.allocateZeroed(CodeTable.Slot.self, count: count)
    let slots = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    let target = UnsafeMutableRawPointer(slots.baseAddress!)
    for index in 0..<positions.count / 4 {
      let position = Int(positions.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
      guard position < count else {
        TableMemory.free(slots)
        throw CompiledFormError(reason: "code table slot position \(position)")
      }
      (target + position &* stride).copyMemory(
        from: used.baseAddress! + index &* stride, byteCount: stride)
    }
    return slots
  }

  /// A value of an enumeration stored as its position in `allCases`.
  mutating func choice<T: CaseIterable>(_: T.Type) throws(CompiledFormError) -> T
  where T.AllCases: RandomAccessCollection, T.AllCases.Index == Int {
    let index = try integer()
    guard index >= 0, index < T.allCases.count else {
      throw CompiledFormError(reason: "\(T.self) \(index) at byte \(offset - 8)")
    }
    return T.allCases[index]
  }
}

extension CompiledFormWriter {
  /// An enumeration value as its position in `allCases`.
  mutating func choice<T: CaseIterable & Equatable>(_ value: T)
  where T.AllCases: RandomAccessCollection, T.AllCases.Index == Int {
    integer(T.allCases.firstIndex(of: value)!)
  }
}
