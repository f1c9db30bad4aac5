import Foundation

/// Assigns dense integer ids to byte strings (diagnosis and procedure codes, department
/// codes) and looks them up again from raw bytes without creating a `String`.
///
/// Open addressing with linear probing over a power-of-two table; the strings themselves
/// live back to back in one byte array. Built once at load time, then read-only and
/// safe to share across threads.
struct ByteInterner: Sendable {
  /// Returned by ``lookup(_:)`` for bytes that were never interned.
  static let notFound: UInt32 = .max

  private var storage: [UInt8] = []
  private var offsets: [UInt32] = [0]
  private var slots: [UInt32]
  private var hashes: [UInt32]
  private var mask: Int

  init(expectedCount: Int = 1024) {
    var capacity = 16
    while capacity < expectedCount * 2 { capacity <<= 1 }
    slots = Array(repeating: .max, count: capacity)
    hashes = Array(repeating: 0, count: capacity)
    mask = capacity - 1
  }

  /// How many distinct strings have ids.
  var count: Int { offsets.count - 1 }

  /// The id of `bytes`, adding it if it is new.
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let hash = Self.hash(bytes)
    if let found = find(bytes, hash: hash).id { return found }
    if (count + 1) * 2 > slots.count { grow() }
    let id = UInt32(count)
    storage.append(contentsOf: bytes)
    offsets.append(UInt32(storage.count))
    insert(id: id, hash: hash)
    return id
  }

  mutating func intern(_ text: String) -> UInt32 {
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
  func string(_ id: UInt32) -> String {
    let range = Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])
    return String(decoding: storage[range], as: UTF8.self)
  }

  @inline(__always)
  private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (id: UInt32?, slot: Int) {
    var slot = Int(hash) & mask
    return storage.withUnsafeBufferPointer { stored in
      while true {
        let id = slots[slot]
        if id == .max { return (nil, slot) }
        if hashes[slot] == hash {
          let start = Int(offsets[Int(id)])
          let end = Int(offsets[Int(id) + 1])
          if end - start == bytes.count,
            bytes.count == 0
              || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
          {
            return (id, slot)
          }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  private mutating func insert(id: UInt32, hash: UInt32) {
    var slot = Int(hash) & mask
    while slots[slot] != .max { slot = (slot + 1) & mask }
    slots[slot] = id
    hashes[slot] = hash
  }

  private mutating func grow() {
    let old = zip(slots, hashes).filter { $0.0 != .max }
    let capacity = slots.count * 2
    slots = Array(repeating: .max, count: capacity)
    hashes = Array(repeating: 0, count: capacity)
    mask = capacity - 1
    for (id, hash) in old { insert(id: id, hash: hash) }
  }

  /// FNV-1a, which is short and good enough for codes of 5 to 20 bytes.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    return hash
  }
}
