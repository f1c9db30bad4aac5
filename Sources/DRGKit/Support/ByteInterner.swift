import Foundation

/// Assigns dense integer ids to byte strings (diagnosis and procedure codes, department
/// codes) and looks them up again from raw bytes without creating a `String`.
///
/// Open addressing with linear probing over a power-of-two table; the strings themselves
/// live back to back in one byte array. Built once at load time, then read-only and
/// safe to share across threads.
package struct ByteInterner: Sendable {
  /// Returned by ``lookup(_:)`` for bytes that were never interned.
  static let notFound: UInt32 = .max

  private var storage: [UInt8] = []
  private var offsets: [UInt32] = [0]
  /// Open-addressing slots: `id << 32 | hash`, or ``empty``. The hash beside the id lets
  /// a probe skip most other strings without reading their bytes.
  private var slots: [UInt64]
  private var mask: Int
  private static let empty = UInt64.max

  package init(expectedCount: Int = 1024) {
    var capacity = 16
    while capacity < expectedCount * 2 { capacity <<= 1 }
    slots = Array(repeating: Self.empty, count: capacity)
    mask = capacity - 1
    // Codes average about twelve bytes; room for them avoids copying while interning.
    storage.reserveCapacity(expectedCount * 12)
    offsets.reserveCapacity(expectedCount + 1)
  }

  /// How many distinct strings have ids.
  package var count: Int { offsets.count - 1 }

  /// The interner's arrays, as the compiled form of a scheme stores them (``SchemeCache``).
  var parts: (storage: [UInt8], offsets: [UInt32], slots: [UInt64]) { (storage, offsets, slots) }

  /// An interner from the arrays ``parts`` gave, or `nil` when they do not fit together.
  init?(storage: [UInt8], offsets: [UInt32], slots: [UInt64]) {
    guard slots.count >= 16, slots.count & (slots.count - 1) == 0, offsets.first == 0,
      offsets.last.map({ Int($0) == storage.count }) == true,
      (offsets.count - 1) * 2 <= slots.count
    else { return nil }
    self.storage = storage
    self.offsets = offsets
    self.slots = slots
    mask = slots.count - 1
  }

  /// The id of `bytes`, adding it if it is new.
  package mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let hash = Self.hash(bytes)
    let (found, slot) = find(bytes, hash: hash)
    if let found { return found }
    let id = UInt32(count)
    storage.append(contentsOf: bytes)
    offsets.append(UInt32(storage.count))
    if count * 2 > slots.count {
      grow()
      insert(id: id, hash: hash)
    } else {
      slots[slot] = UInt64(id) << 32 | UInt64(hash)
    }
    return id
  }

  package mutating func intern(_ text: String) -> UInt32 {
    var text = text
    return text.withUTF8 { intern($0) }
  }

  /// The id of `bytes`, or ``notFound``.
  /// - Complexity: O(length of `bytes`) expected; no allocation.
  @inline(__always)
  func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    find(bytes, hash: Self.hash(bytes)).id ?? Self.notFound
  }

  func lookup(_ text: String) -> UInt32 {
    var text = text
    return text.withUTF8 { lookup($0) }
  }

  /// Calls `body` with the bytes of the string with id `id`.
  func withBytes<R>(_ id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let range = Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])
    return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
  }

  /// The string with id `id`.
  package func string(_ id: UInt32) -> String {
    let range = Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])
    return String(decoding: storage[range], as: UTF8.self)
  }

  /// The id of `bytes` when interned, and the slot where it is or would go.
  @inline(__always)
  private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (id: UInt32?, slot: Int) {
    storage.withUnsafeBufferPointer { stored in
      offsets.withUnsafeBufferPointer { offsets in
        slots.withUnsafeBufferPointer { slots in
          var slot = Int(hash) & mask
          while true {
            let entry = slots[slot]
            if entry == Self.empty { return (nil, slot) }
            if UInt32(truncatingIfNeeded: entry) == hash {
              let id = Int(entry >> 32)
              let start = Int(offsets[id])
              let end = Int(offsets[id &+ 1])
              if end &- start == bytes.count,
                Self.equal(stored.baseAddress! + start, bytes.baseAddress, bytes.count)
              {
                return (UInt32(id), slot)
              }
            }
            slot = (slot &+ 1) & mask
          }
        }
      }
    }
  }

  /// Whether `count` bytes at `a` and `b` are equal: codes of 4 to 16 bytes compared as
  /// two overlapping words without a call, other lengths by `memcmp`.
  @inline(__always)
  static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int)
    -> Bool
  {
    guard count > 0, let b else { return true }
    let x = UnsafeRawPointer(a)
    let y = UnsafeRawPointer(b)
    if count >= 8 && count <= 16 {
      return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
        && x.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
          == y.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
    if count >= 4 && count < 8 {
      return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
        && x.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
          == y.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
    }
    return memcmp(a, b, count) == 0
  }

  private mutating func insert(id: UInt32, hash: UInt32) {
    var slot = Int(hash) & mask
    while slots[slot] != Self.empty { slot = (slot + 1) & mask }
    slots[slot] = UInt64(id) << 32 | UInt64(hash)
  }

  private mutating func grow() {
    let old = slots.filter { $0 != Self.empty }
    let capacity = slots.count * 2
    slots = Array(repeating: Self.empty, count: capacity)
    mask = capacity - 1
    for entry in old {
      insert(id: UInt32(entry >> 32), hash: UInt32(truncatingIfNeeded: entry))
    }
  }

  /// A multiply–xorshift hash over eight bytes at a time (codes are 5 to 20 bytes).
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let count = bytes.count
    var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
    guard let base = bytes.baseAddress else { return UInt32(truncatingIfNeeded: hash >> 32) }
    let raw = UnsafeRawPointer(base)
    var index = 0
    while index &+ 8 <= count {
      hash =
        (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        &* 0xFF51_AFD7_ED55_8CCD
      hash ^= hash &>> 32
      index &+= 8
    }
    if index < count {
      // The last 1–7 bytes as one little-endian word, without reading outside `bytes`:
      // the word ending at the last byte shifted down when there are eight bytes or more,
      // two overlapping four-byte loads for four to seven, bytes one by one below four.
      let rest = count &- index
      var word: UInt64
      if count >= 8 {
        word =
          UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
          &>> UInt64((8 &- rest) &* 8)
      } else if rest >= 4 {
        let low = UInt64(
          UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
        let high = UInt64(
          UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
        word = low | high &<< UInt64((rest &- 4) &* 8)
      } else {
        word = 0
        var shift: UInt64 = 0
        while index < count {
          word |= UInt64(base[index]) &<< shift
          shift &+= 8
          index &+= 1
        }
      }
      hash = (hash ^ word) &* 0xC4CE_B9FE_1A85_EC53
      hash ^= hash &>> 29
    }
    hash = (hash ^ (hash &>> 32)) &* 0x9E37_79B9_7F4A_7C15
    return UInt32(truncatingIfNeeded: hash &>> 32)
  }
}
