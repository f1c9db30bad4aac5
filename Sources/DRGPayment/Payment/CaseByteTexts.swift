@_spi(DRGPackage) import DRGKit

/// A string of bytes per case (case ids, patient ids), in pages of 65,536 cases: a page's
/// texts are back to back in one block of bytes, and each case's end within its page's block
/// takes 4 bytes (a ``PagedColumn``), so ten million ids of 9 bytes take 13 bytes a case. A
/// page's block grows while the page fills and is cut to its size when the page is full, so
/// the texts are held once, never as an array that doubles.
///
/// A text longer than 65,535 bytes (no real id is, but no input may crash the reader) is
/// held aside by position, so that a page's block always fits its 4-byte ends.
struct CaseByteTexts: Sendable {
  /// Cases per page, that of the ends' ``PagedColumn``.
  static var pageShift: Int { PagedColumn<UInt32>.pageShift }
  static var pageSize: Int { 1 << pageShift }
  /// The longest text held in a page's block.
  static let longest = 65_535

  /// The end of each case's text in its page's block.
  private var ends = PagedColumn<UInt32>()
  private var storage = Storage()
  private var long: [Int: [UInt8]] = [:]

  /// No texts.
  init() {}

  /// The number of cases.
  var count: Int { ends.count }

  /// The blocks of bytes, one per page; written only when uniquely referenced.
  private final class Storage: @unchecked Sendable {
    // Unchecked: blocks are written only through a uniquely referenced storage
    // (`isKnownUniquelyReferenced` before every append), as PagedColumn's pages are.
    @exclusivity(unchecked) var blocks: [UnsafeMutablePointer<UInt8>] = []
    /// Bytes used in the last block, and its room.
    @exclusivity(unchecked) var used = 0
    @exclusivity(unchecked) var room = 0
    /// Bytes of each full block.
    @exclusivity(unchecked) var sizes: [Int] = []

    deinit { for block in blocks { block.deallocate() } }

    func copy() -> Storage {
      let copy = Storage()
      for (page, block) in blocks.enumerated() {
        let size = page < sizes.count ? sizes[page] : used
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(size, 1))
        new.initialize(from: block, count: size)
        copy.blocks.append(new)
      }
      copy.sizes = sizes
      copy.used = used
      copy.room = blocks.count > sizes.count ? Swift.max(used, 1) : 0
      return copy
    }

    /// Cuts the last block to its size and opens a new one, with room for about as many
    /// bytes as the last held.
    func openBlock() {
      if let last = blocks.last, blocks.count > sizes.count {
        if room > used {
          let cut = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(used, 1))
          cut.initialize(from: last, count: used)
          last.deallocate()
          blocks[blocks.count - 1] = cut
        }
        sizes.append(used)
      }
      room = Swift.max(4096, used + used / 8)
      blocks.append(.allocate(capacity: room))
      used = 0
    }

    /// Makes room for `length` more bytes in the last block.
    func reserve(_ length: Int) {
      guard used + length > room else { return }
      let newRoom = Swift.max(used + length, room + room / 2)
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newRoom)
      grown.initialize(from: blocks[blocks.count - 1], count: used)
      blocks[blocks.count - 1].deallocate()
      blocks[blocks.count - 1] = grown
      room = newRoom
    }
  }

  /// Appends the text of the next case.
  mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
    append(1, of: text) { _ in (0, text.count) }
  }

  /// Appends `cases` texts, the `i`-th being `bytes[range(i).start ..< range(i).end]`.
  mutating func append(
    _ cases: Int, of bytes: UnsafeBufferPointer<UInt8>, range: (Int) -> (start: Int, end: Int)
  ) {
    guard cases > 0 else { return }
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    let storage = storage
    var newEnds: [UInt32] = []
    newEnds.reserveCapacity(Swift.min(cases, Self.pageSize))
    var position = count
    for index in 0..<cases {
      if position & (Self.pageSize - 1) == 0 {
        newEnds.withUnsafeBufferPointer { ends.append(contentsOf: $0) }
        newEnds.removeAll(keepingCapacity: true)
        storage.openBlock()
      }
      let (start, end) = range(index)
      let length = end - start
      if length > Self.longest {
        long[position] = Array(bytes[start..<end])
      } else if length > 0 {
        storage.reserve(length)
        (storage.blocks[storage.blocks.count - 1] + storage.used).initialize(
          from: bytes.baseAddress! + start, count: length)
        storage.used += length
      }
      newEnds.append(UInt32(truncatingIfNeeded: storage.used))
      position += 1
    }
    newEnds.withUnsafeBufferPointer { ends.append(contentsOf: $0) }
  }

  /// Calls `body` with the text of the case at `position`.
  @inline(__always)
  func withBytes<R>(at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if !long.isEmpty, let text = long[position] { return text.withUnsafeBufferPointer(body) }
    let start = position & (Self.pageSize - 1) == 0 ? 0 : Int(ends[position - 1])
    let block = storage.blocks[position >> Self.pageShift]
    return body(UnsafeBufferPointer(start: block + start, count: Int(ends[position]) - start))
  }

  /// Whether the case at `position` has an empty text.
  @inline(__always)
  func isEmpty(at position: Int) -> Bool {
    let start = position & (Self.pageSize - 1) == 0 ? 0 : ends[position - 1]
    return start == ends[position] && (long.isEmpty || long[position] == nil)
  }

  /// The text of the case at `position`.
  func string(at position: Int) -> String {
    withBytes(at: position) { String(decoding: $0, as: UTF8.self) }
  }

  /// Appends the texts of `other`, in order.
  mutating func append(contentsOf other: CaseByteTexts) {
    for position in 0..<other.count { other.withBytes(at: position) { append($0) } }
  }

  /// Removes every text.
  mutating func removeAll() {
    ends.removeAll(keepingCapacity: false)
    storage = Storage()
    long = [:]
  }

  /// Bytes held by the texts and their ends (the room of the last block left out).
  var bytesHeld: Int {
    storage.sizes.reduce(storage.used, +) + 4 * count
      + long.values.reduce(0) { $0 + $1.count }
  }
}
