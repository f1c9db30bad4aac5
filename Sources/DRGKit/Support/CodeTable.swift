/// Looks up diagnosis and procedure codes from raw bytes: the per-record hot path.
///
/// ICD codes are short, so a key is packed into two 64-bit words (its first 16 bytes) plus
/// its length; a probe compares integers instead of calling `memcmp`. Codes longer than 16
/// bytes (a few dagger–asterisk pairs) compare their remaining bytes against a side arena.
/// Open addressing, linear probing, at most half full. Immutable after building and read
/// through raw pointers, so it is shared by worker threads without reference counting.
final class CodeTable: @unchecked Sendable {
  struct Slot {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var length: UInt32 = 0
    /// 0 marks an empty slot (row 0 is the unknown code).
    var row: UInt32 = 0
    /// Where the bytes past the 16th start in ``overflow``.
    var overflowStart: UInt32 = 0
  }

  /// A code packed for lookup (see ``pack(_:)``), with its bytes for codes longer than 16
  /// and its hash, computed once: the slot request (``prefetch(_:)``) and the lookup a
  /// record later (``appendRows(of:to:)``) both start from it.
  struct Key {
    var low: UInt64
    var high: UInt64
    var code: UnsafeBufferPointer<UInt8>
    /// ``CodeTable/hash(_:_:_:)`` of the three above; every table masks it to its size.
    var hash: UInt64

    /// The key of `code`, whose first 16 bytes are packed as `low` and `high`.
    @inline(__always)
    init(low: UInt64, high: UInt64, code: UnsafeBufferPointer<UInt8>) {
      self.low = low
      self.high = high
      self.code = code
      hash = CodeTable.hash(low, high, code.count)
    }
  }

  private let slots: UnsafeMutableBufferPointer<Slot>
  private let mask: Int
  private let overflow: UnsafeMutableBufferPointer<UInt8>

  /// Builds the table for `interner`; code id `i` gets row `i + 1`.
  convenience init(_ interner: ByteInterner) {
    self.init(count: interner.count) { add in
      for id in 0..<UInt32(interner.count) { interner.withBytes(id) { add($0, id + 1) } }
    }
  }

  /// Builds a table of `entries` (code bytes and the row they look up to; rows are not 0).
  /// A code given twice keeps its last row, so later entries override earlier ones.
  convenience init(entries: [(bytes: [UInt8], row: UInt32)]) {
    self.init(count: entries.count) { add in
      for (bytes, row) in entries { bytes.withUnsafeBufferPointer { add($0, row) } }
    }
  }

  /// Builds a table of the `count` codes that `forEach` passes (twice) to the closure it
  /// is given, with the row each looks up to.
  private convenience init(
    count: Int,
    forEach: (_ add: (UnsafeBufferPointer<UInt8>, UInt32) -> Void) -> Void
  ) {
    var capacity = 16
    while capacity < count * 2 + 2 { capacity <<= 1 }
    let slots = TableMemory.allocateZeroed(Slot.self, count: capacity)  // All `Slot()`.
    let mask = capacity - 1
    var extra = 0
    forEach { bytes, _ in extra += max(bytes.count - 16, 0) }
    let overflow = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(extra, 1))
    overflow.initialize(repeating: 0)
    var overflowOffset: UInt32 = 0
    forEach { buffer, row in
      let (low, high) = Self.pack(buffer)
      var slot = Int(truncatingIfNeeded: Self.hash(low, high, buffer.count)) & mask
      while slots[slot].row != 0 {
        let candidate = slots[slot]
        if candidate.low == low && candidate.high == high
          && candidate.length == UInt32(buffer.count)
          && (buffer.count <= 16
            || Self.overflowMatches(candidate, buffer, overflow: UnsafeBufferPointer(overflow)))
        {
          slots[slot].row = row  // The same code again: the later row wins.
          return
        }
        slot = (slot + 1) & mask
      }
      slots[slot] = Slot(
        low: low, high: high, length: UInt32(buffer.count), row: row,
        overflowStart: overflowOffset)
      if buffer.count > 16 {
        for index in 16..<buffer.count {
          overflow[Int(overflowOffset) + index - 16] = buffer[index]
        }
        overflowOffset += UInt32(buffer.count - 16)
      }
    }
    self.init(slots: slots, mask: mask, overflow: overflow)
  }

  /// The table's memory, as the compiled form of a scheme stores it (``SchemeCache``).
  var parts: (slots: UnsafeMutableBufferPointer<Slot>, overflow: UnsafeMutableBufferPointer<UInt8>)
  {
    (slots, overflow)
  }

  /// A table owning `slots` (a power of two of them, from
  /// ``TableMemory/allocateZeroed(_:count:)``) and `overflow`, as ``parts`` gave them.
  init(
    slots: UnsafeMutableBufferPointer<Slot>, mask: Int, overflow: UnsafeMutableBufferPointer<UInt8>
  ) {
    self.slots = slots
    self.mask = mask
    self.overflow = overflow
  }

  /// An independent copy. Worker threads each look codes up in their own copy: reference
  /// counting on one shared table would make its header a cache line both cores fight over.
  func copy() -> CodeTable {
    let slots = TableMemory.allocateZeroed(Slot.self, count: self.slots.count)
    _ = slots.initialize(from: self.slots)
    let overflow = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: self.overflow.count)
    _ = overflow.initialize(from: self.overflow)
    return CodeTable(slots: slots, mask: mask, overflow: overflow)
  }

  deinit {
    TableMemory.free(slots)
    overflow.deallocate()
  }

  /// The row of `code`, or 0 when the scheme does not know it.
  /// - Complexity: O(length of `code`) expected; no allocation.
  @inline(__always)
  func row(of code: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let (low, high) = Self.pack(code)
    return row(of: Key(low: low, high: high, code: code))
  }

  /// The row of the code packed as `key`, from the hash it carries.
  @inline(__always)
  func row(of key: Key) -> UInt32 {
    let (low, high, code) = (key.low, key.high, key.code)
    let length = UInt32(code.count)
    var slot = Int(truncatingIfNeeded: key.hash) & mask
    while true {
      let candidate = slots[slot]
      if candidate.row == 0 { return 0 }
      if candidate.low == low && candidate.high == high && candidate.length == length
        && (length <= 16 || overflowMatches(candidate, code))
      {
        return candidate.row
      }
      slot = (slot &+ 1) & mask
    }
  }

  /// Starts loading the slot where the lookup of `key` begins (see ``Prefetch``).
  @inline(__always)
  func prefetch(_ key: Key) {
    let slot = Int(truncatingIfNeeded: key.hash) & mask
    Prefetch.read(slots, slot)
    // Probes run on past the first slot often enough (2.4 slots on average for CHS-DRG
    // diagnoses) that the next cache line is worth asking for too.
    Prefetch.read(slots, (slot &+ 2) & mask)
  }

  /// Appends the row of each code of `keys` to `rows`, in order. One tight loop, so the
  /// probes of different codes overlap in memory instead of waiting one by one.
  /// - Returns: whether a code is unknown (row 0), found on the way.
  @inline(__always)
  func appendRows(of keys: UnsafeBufferPointer<Key>, to rows: ReusableBuffer<UInt32>) -> Bool {
    var unknown = false
    for key in keys {
      let row = row(of: key)
      unknown = unknown || row == 0
      rows.append(row)
    }
    return unknown
  }

  private func overflowMatches(_ slot: Slot, _ code: UnsafeBufferPointer<UInt8>) -> Bool {
    Self.overflowMatches(slot, code, overflow: UnsafeBufferPointer(overflow))
  }

  private static func overflowMatches(
    _ slot: Slot, _ code: UnsafeBufferPointer<UInt8>, overflow: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    let start = Int(slot.overflowStart)
    for index in 16..<code.count where overflow[start + index - 16] != code[index] {
      return false
    }
    return true
  }

  /// `code` packed for lookup (see ``pack(_:)``), as the batch parser packs codes read from
  /// a record.
  /// - Parameter readable: how many bytes may be read from the start of `code`; with 16 or
  ///   more, the key is two unaligned loads masked to the code's length.
  @inline(__always)
  static func key(_ code: UnsafeBufferPointer<UInt8>, readable: Int) -> Key {
    guard readable >= 16 else {
      let (low, high) = pack(code)
      return Key(low: low, high: high, code: code)
    }
    // Two unaligned loads, masked to the code's length.
    let length = code.count
    let raw = UnsafeRawPointer(code.baseAddress!)
    let firstWord = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    let secondWord = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    // Masks instead of a branch per case: code lengths vary from row to row, and the
    // branches mispredicted about twice a row (cachegrind).
    let low = firstWord & byteMask(bits: UInt64(truncatingIfNeeded: Swift.min(length, 8) &* 8))
    let high =
      secondWord
      & byteMask(bits: UInt64(truncatingIfNeeded: Swift.min(Swift.max(length &- 8, 0), 8) &* 8))
    return Key(low: low, high: high, code: code)
  }

  /// A word with its low `bits` bits set (`bits` from 0 to 64), without a branch: two
  /// shifts, so that 64 shifts every bit out (a single shift by 64 would shift by 0).
  @inline(__always)
  static func byteMask(bits: UInt64) -> UInt64 {
    let half = bits &>> 1
    return ~((UInt64.max &<< half) &<< (bits &- half))
  }

  /// The first 16 bytes as two little-endian words, zero padded. Reads no byte past the
  /// code: whole words where the code has them, overlapping loads for the rest (their
  /// common bytes are the same, so or-ing them keeps each byte once).
  @inline(__always)
  static func pack(_ code: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
    let count = code.count
    guard let base = code.baseAddress, count > 0 else { return (0, 0) }
    let raw = UnsafeRawPointer(base)
    @inline(__always) func word(_ offset: Int) -> UInt64 {
      UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    if count >= 8 {
      let low = word(0)
      if count >= 16 { return (low, word(8)) }
      if count == 8 { return (low, 0) }
      // Bytes 8..<count are the top ones of the word that ends with the code.
      return (low, word(count &- 8) &>> UInt64((16 &- count) &* 8))
    }
    if count >= 4 {
      let first = UInt64(
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
      let last = UInt64(
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
      return (first | (last &<< UInt64((count &- 4) &* 8)), 0)
    }
    var low = UInt64(base[0])
    if count >= 2 { low |= UInt64(base[1]) &<< 8 }
    if count == 3 { low |= UInt64(base[2]) &<< 16 }
    return (low, 0)
  }

  @inline(__always)
  static func hash(_ low: UInt64, _ high: UInt64, _ length: Int) -> UInt64 {
    var value = low &* 0x9E37_79B9_7F4A_7C15
    value ^= (high &+ UInt64(truncatingIfNeeded: length)) &* 0xC2B2_AE3D_27D4_EB4F
    value ^= value &>> 29
    // A second multiply, high half: every input bit reaches the slot bits.
    return (value &* 0x9E37_79B9_7F4A_7C15) &>> 32
  }
}
