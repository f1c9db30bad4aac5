/// A fixed list of byte strings in one allocation, read by index without reference
/// counting: the per-record paths copy from it where an array of arrays would retain and
/// release the inner array of every element they read.
final class FlatTexts: @unchecked Sendable {
  private let bytes: UnsafeMutablePointer<UInt8>
  /// `offsets[i]..<offsets[i + 1]` are the bytes of text `i`.
  private let offsets: UnsafeMutablePointer<Int>
  let count: Int

  init(_ texts: [[UInt8]]) {
    count = texts.count
    offsets = .allocate(capacity: texts.count + 1)
    bytes = .allocate(capacity: max(1, texts.reduce(0) { $0 + $1.count }))
    var end = 0
    for (index, text) in texts.enumerated() {
      offsets[index] = end
      (bytes + end).initialize(from: text, count: text.count)
      end += text.count
    }
    offsets[texts.count] = end
  }

  deinit {
    bytes.deallocate()
    offsets.deallocate()
  }

  /// The bytes of text `index` (`0..<count`), valid while this object lives.
  @inline(__always)
  subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
    precondition(index >= 0 && index < count, "text index out of range")
    let start = offsets[index]
    return UnsafeBufferPointer(start: bytes + start, count: offsets[index &+ 1] &- start)
  }
}
