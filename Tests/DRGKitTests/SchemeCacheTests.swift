import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// The compiled form of a scheme (``SchemeCache``): the same scheme from the file as from
/// the tables, and a file that does not match its tables or its own checksum is never used.
@Suite struct SchemeCacheTests {
  /// Copies the demo scheme to a fresh directory (so tests can edit its tables) and makes
  /// an empty cache directory beside it.
  static func demo() throws -> (
    tables: TemporaryDirectory, cache: SchemeCache, root: TemporaryDirectory
  ) {
    let tables = try TemporaryDirectory()
    let source = SchemeLoadDigestTests.tables.appendingPathComponent("demo").path
    for name in try FileManager.default.contentsOfDirectory(atPath: source) {
      try FileManager.default.copyItem(
        atPath: source + "/" + name, toPath: tables.file(name))
    }
    let root = try TemporaryDirectory()
    return (tables, SchemeCache(directory: root.file("cache")), root)
  }

  /// The demo scheme's digest recorded by ``SchemeLoadDigestTests`` (loader of 55bc585).
  static let demoDigest = SchemeLoadDigestTests.expected["demo"]!

  /// Every scheme: written to the cache and read back from it gives the digest of the
  /// independent loader (``SchemeLoadDigestTests`` checks the load from the tables).
  @Test(arguments: SchemeLoadDigestTests.schemeIDs)
  func cachedSchemeLoadsAsTheTables(_ id: String) throws {
    let root = try TemporaryDirectory()
    let cache = SchemeCache(directory: root.file("cache"))
    let directory = SchemeLoadDigestTests.tables.appendingPathComponent(id).path
    let first = try Scheme.load(directory: directory, cache: cache)
    #expect(!first.cache.usedCompiledFile)
    #expect(first.cache.wrote)
    #expect(first.cache.note == nil)
    let second = try Scheme.load(directory: directory, cache: cache)
    #expect(second.cache.usedCompiledFile)
    #expect(!second.cache.wrote)
    #expect(SchemeLoadDigestTests.digest(second.scheme) == SchemeLoadDigestTests.expected[id])
    #expect(second.scheme.directory == directory)
    // Rules are parsed from their text at first use in a compiled scheme: the same rules
    // as the first load parsed from the tables.
    let fromTables =
      first.scheme.mdcs.map(\.entry) + first.scheme.adrgs.map(\.entry)
      + first.scheme.drgs.map(\.entry)
    let fromFile =
      second.scheme.mdcs.map(\.entry) + second.scheme.adrgs.map(\.entry)
      + second.scheme.drgs.map(\.entry)
    #expect(fromTables.count == fromFile.count)
    #expect(
      zip(fromTables, fromFile).allSatisfy { $0.rule == $1.rule && $0.ruleText == $1.ruleText })
  }

  /// A rule set on an entry of a compiled scheme replaces the one parsed from its text.
  @Test func aRuleSetOnAnEntryIsKept() throws {
    let (tables, cache, _) = try Self.demo()
    _ = try Scheme.load(directory: tables.path, cache: cache)
    let loaded = try Scheme.load(directory: tables.path, cache: cache)
    #expect(loaded.cache.usedCompiledFile)
    var entry = try #require(loaded.scheme.drgs.first).entry
    entry.rule = .constant(false)
    #expect(entry.rule == .constant(false))
    // The scheme's own entry is a separate value and still has the rule of its text.
    let text = try #require(loaded.scheme.drgs.first).entry.ruleText
    #expect(loaded.scheme.drgs.first?.entry.rule == (try RuleParser.parse(text)))
  }

  /// Overwrites the compiled file's byte at `offset` (from the end when negative) with
  /// its complement.
  static func flip(_ file: String, at offset: Int) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
    let index = offset >= 0 ? offset : bytes.count + offset
    bytes[index] = ~bytes[index]
    try Data(bytes).write(to: URL(fileURLWithPath: file))
  }

  /// Loads twice after a file was broken: the first load ignores it with `reason` and
  /// writes it again, the second uses it.
  static func expectRebuilt(
    _ tables: TemporaryDirectory, _ cache: SchemeCache, reason: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let broken = try Scheme.load(directory: tables.path, cache: cache)
    #expect(!broken.cache.usedCompiledFile, sourceLocation: sourceLocation)
    #expect(broken.cache.rejected?.contains(reason) == true, sourceLocation: sourceLocation)
    #expect(broken.cache.wrote, sourceLocation: sourceLocation)
    #expect(broken.cache.note?.contains("rebuilt it") == true, sourceLocation: sourceLocation)
    #expect(
      SchemeLoadDigestTests.digest(broken.scheme) == demoDigest, sourceLocation: sourceLocation)
    let again = try Scheme.load(directory: tables.path, cache: cache)
    #expect(again.cache.usedCompiledFile, sourceLocation: sourceLocation)
    #expect(
      SchemeLoadDigestTests.digest(again.scheme) == demoDigest, sourceLocation: sourceLocation)
  }

  @Test func aFlippedByteAnywhereInThePayloadIsDetected() throws {
    let (tables, cache, _) = try Self.demo()
    let file = cache.file(for: tables.path)!
    _ = try Scheme.load(directory: tables.path, cache: cache)
    let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int
    // Bytes in the payload: near its start, its middle and its last byte.
    for offset in [size / 3, size / 2, -1] {
      try Self.flip(file, at: offset)
      try Self.expectRebuilt(tables, cache, reason: "corrupted")
    }
  }

  @Test func aTruncatedFileIsDetected() throws {
    let (tables, cache, _) = try Self.demo()
    let file = cache.file(for: tables.path)!
    _ = try Scheme.load(directory: tables.path, cache: cache)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    for length in [bytes.count - 1, bytes.count / 2, 20, 0] {
      try bytes.prefix(length).write(to: URL(fileURLWithPath: file))
      let reason =
        length == 0 ? "not a compiled scheme" : length == 20 ? "another version" : "truncated"
      try Self.expectRebuilt(tables, cache, reason: reason)
    }
  }

  @Test func aTableEditedAfterCachingIsSeen() throws {
    let (tables, cache, _) = try Self.demo()
    let first = try Scheme.load(directory: tables.path, cache: cache)
    #expect(first.cache.wrote)
    // A new name for a code the demo scheme knows: the cached scheme must not be used.
    let names = tables.file("dx_names.csv")
    var text = try String(contentsOfFile: names, encoding: .utf8)
    let code = try #require(
      text.split(separator: "\n").dropFirst().first?.split(separator: ",").first)
    text += "\(code),renamed after caching\n"
    try text.write(toFile: names, atomically: true, encoding: .utf8)
    let edited = try Scheme.load(directory: tables.path, cache: cache)
    #expect(!edited.cache.usedCompiledFile)
    #expect(edited.cache.rejected?.contains("tables changed") == true)
    #expect(edited.scheme.name(ofCode: String(code)) == "renamed after caching")
    let again = try Scheme.load(directory: tables.path, cache: cache)
    #expect(again.cache.usedCompiledFile)
    #expect(again.scheme.name(ofCode: String(code)) == "renamed after caching")
    // An optional table appearing also changes the checksum.
    try tables.write("from,to\nX99.999,\(code)\n", name: "dx_map.csv")
    let mapped = try Scheme.load(directory: tables.path, cache: cache)
    #expect(mapped.cache.rejected?.contains("tables changed") == true)
    #expect(mapped.scheme.diagnosisMap == ["X99.999": String(code)])
  }

  @Test func aFileFromAnotherVersionIsIgnored() throws {
    let (tables, cache, _) = try Self.demo()
    let file = cache.file(for: tables.path)!
    _ = try Scheme.load(directory: tables.path, cache: cache)
    // Byte 16 is the first byte of the program stamp's text (after the magic word and the
    // text's length).
    try Self.flip(file, at: 16)
    try Self.expectRebuilt(tables, cache, reason: "another version")
    try Self.flip(file, at: 0)
    try Self.expectRebuilt(tables, cache, reason: "not a compiled scheme")
  }

  @Test func anUnwritableCacheStillLoadsFromTheTables() throws {
    let (tables, _, root) = try Self.demo()
    // The cache directory would have to be made inside a regular file.
    try root.write("a file", name: "plain")
    let cache = SchemeCache(directory: root.file("plain") + "/cache")
    let loaded = try Scheme.load(directory: tables.path, cache: cache)
    #expect(!loaded.cache.wrote)
    #expect(loaded.cache.writeProblem != nil)
    #expect(loaded.cache.note?.contains("could not keep") == true)
    #expect(SchemeLoadDigestTests.digest(loaded.scheme) == Self.demoDigest)
    // Never inside the scheme's own directory.
    let inside = try Scheme.load(directory: tables.path, cache: SchemeCache(directory: tables.path))
    #expect(!inside.cache.wrote)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: tables.path).sorted()
        == FileManager.default.contentsOfDirectory(
          atPath: SchemeLoadDigestTests.tables.appendingPathComponent("demo").path
        ).sorted())
  }

  @Test func otherBuildsFilesOfTheSchemeAreRemoved() throws {
    let (tables, cache, root) = try Self.demo()
    let prefix = try #require(cache.filePrefix(for: tables.path))
    try FileManager.default.createDirectory(
      atPath: root.file("cache"), withIntermediateDirectories: true)
    try "old".write(toFile: prefix + "0badbeef.drgscheme", atomically: false, encoding: .utf8)
    let unrelated = root.file("cache") + "/other-0000000000000000-0badbeef.drgscheme"
    try "other".write(toFile: unrelated, atomically: false, encoding: .utf8)
    let loaded = try Scheme.load(directory: tables.path, cache: cache)
    #expect(loaded.cache.wrote && loaded.cache.rejected == nil)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: root.file("cache")).sorted()
        == [
          URL(fileURLWithPath: cache.file(for: tables.path)!).lastPathComponent,
          "other-0000000000000000-0badbeef.drgscheme",
        ].sorted())
  }

  @Test func offLoadsFromTheTables() throws {
    let (tables, _, _) = try Self.demo()
    let loaded = try Scheme.load(directory: tables.path, cache: .off)
    #expect(loaded.cache.file == nil)
    #expect(!loaded.cache.usedCompiledFile && !loaded.cache.wrote)
    #expect(SchemeLoadDigestTests.digest(loaded.scheme) == Self.demoDigest)
  }

  @Test func badTablesStillFailWithTheirError() throws {
    let (tables, cache, _) = try Self.demo()
    try tables.write("order,mdc,name,rule\n1,MDCA,A,pdx in NOLIST\n", name: "mdc.csv")
    #expect(throws: SchemeError.self) { try Scheme.load(directory: tables.path, cache: cache) }
    #expect(!FileManager.default.fileExists(atPath: cache.file(for: tables.path)!))
  }

  @Test func theStandardPlace() {
    #expect(SchemeCache.standard(environment: ["HOME": "/h"]).directory == "/h/.cache/drgkit")
    #expect(
      SchemeCache.standard(environment: ["HOME": "/h", "XDG_CACHE_HOME": "/x"]).directory
        == "/x/drgkit")
    #expect(
      SchemeCache.standard(environment: [
        "HOME": "/h", "XDG_CACHE_HOME": "/x", "DRG_CACHE_DIR": "/d",
      ]).directory == "/d")
    // A relative XDG_CACHE_HOME is invalid by the XDG specification: ignored.
    #expect(
      SchemeCache.standard(environment: ["HOME": "/h", "XDG_CACHE_HOME": "x"]).directory
        == "/h/.cache/drgkit")
    #expect(SchemeCache.standard(environment: ["HOME": "/h", "DRG_CACHE": "off"]) == .off)
    #expect(SchemeCache.standard(environment: ["DRG_CACHE_DIR": "/d", "DRG_CACHE": "0"]) == .off)
    #expect(SchemeCache.standard(environment: [:]) == .off)
    // Files are named after the scheme directory and a hash of its absolute path.
    let cache = SchemeCache(directory: "/c")
    let file = cache.file(for: "/t/chs-drg-1.1")!
    #expect(file.hasPrefix("/c/chs-drg-1.1-") && file.hasSuffix(".drgscheme"))
    #expect(file != cache.file(for: "/u/chs-drg-1.1"))
    #expect(file == cache.file(for: "/t/./chs-drg-1.1"))
  }

  /// Values from an independent implementation of the algorithm in Python:
  ///
  ///     M = 2**64 - 1; P = 0x9E3779B97F4A7C15
  ///     def rnd(lane, w):
  ///         m = lane ^ w
  ///         return ((m << 31 | m >> 33) & M) * P & M
  ///     def checksum(parts):
  ///         L = [0x243F6A8885A308D3, 0x13198A2E03707344,
  ///              0xA4093822299F31D0, 0x082EFA98EC4E6C89]; total = 0
  ///         for d in parts:
  ///             n, i = len(d), 0
  ///             word = lambda i: int.from_bytes(d[i:i+8], 'little')
  ///             while i + 32 <= n:
  ///                 L = [rnd(L[k], word(i + 8 * k)) for k in range(4)]; i += 32
  ///             while i + 8 <= n: L[0] = rnd(L[0], word(i)); i += 8
  ///             L[3] = rnd(L[3], int.from_bytes(d[i:], 'little') ^ n); total += n
  ///         h = total
  ///         for lane in L: h = rnd(h, lane)
  ///         for k in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53): h ^= h >> 33; h = h * k & M
  ///         return h ^ h >> 33
  @Test func checksumMatchesTheReference() {
    #expect(TableChecksum.of([]) == 0xcc05_8e09_1c5e_5dfb)
    #expect(TableChecksum.of(Array("DRGKit".utf8)) == 0xb584_e791_84a0_fb74)
    #expect(TableChecksum.of((0..<40).map { UInt8($0) }) == 0x1656_29f1_f097_1a51)
    #expect(TableChecksum.of((0..<100).map { UInt8($0) }) == 0xb18c_58c2_626f_9c2e)
    var split = TableChecksum()
    split.add(Array("ab".utf8))
    split.add(Array("c".utf8))
    #expect(split.value == 0x6c9f_1e3e_3f65_463d)
    // Every single flipped bit of a 100-byte input (every lane, the leftover words and
    // the tail) changes the checksum.
    let base = (0..<100).map { UInt8($0) }
    for index in base.indices {
      for bit in 0..<8 {
        var changed = base
        changed[index] ^= 1 << UInt8(bit)
        #expect(TableChecksum.of(changed) != TableChecksum.of(base))
      }
    }
  }
}

/// Zeroed table memory (``TableMemory/allocateZeroed(_:count:)``): zero on arrival, in
/// both size classes, and freed by ``TableMemory/free(_:)``.
@Suite struct ZeroedTableMemoryTests {
  @Test(arguments: [0, 1, 1000, (1 << 20) / 8, 3 << 18])
  func zeroedMemoryIsZeroAndWritable(_ count: Int) {
    let buffer = TableMemory.allocateZeroed(UInt64.self, count: count)
    let table = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    #expect(table.allSatisfy { $0 == 0 })
    for index in stride(from: 0, to: count, by: 4096) { table[index] = UInt64(index) + 1 }
    if count > 0 { #expect(table[0] == 1) }
    if count >= 1 << 18 {
      // Large tables start on a huge-page boundary.
      #expect(Int(bitPattern: table.baseAddress) % TableMemory.hugePage == 0)
    }
    TableMemory.free(table)
  }
}
