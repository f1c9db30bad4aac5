import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// Temporary files of cache writers that died before their rename are removed by the next
/// write into the cache; a live writer's, and every other file, are kept.
@Suite struct SchemeCacheTemporaryTests {
  /// Writes `name` into `folder`, last modified `age` seconds ago.
  func place(_ name: String, in folder: String, age: TimeInterval) throws {
    let path = folder + "/" + name
    try Data("partial".utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: path)
  }

  /// pid 4 194 305 is above Linux's largest pid (2²²), so no process has it.
  static let deadPID = "4194305"

  /// Loading the demo scheme through an empty cache writes its compiled file; that write
  /// removes, by the rules written out here:
  /// - a dead writer's file 2 minutes old (pid gone, older than the minute of grace);
  /// - a live writer's (this process) file 2 hours old (older than an hour);
  /// and keeps:
  /// - a dead writer's file 10 seconds old (within the minute of grace);
  /// - a live writer's file 2 minutes old;
  /// - files that are not a writer's temporaries (`notes.tmp`, `x.drgscheme.1.tmp` with
  ///   a part missing, an old compiled file of another scheme).
  @Test func aWriteRemovesDeadWritersTemporaries() throws {
    let (tables, cache, _) = try SchemeCacheTests.demo()
    let folder = try #require(cache.directory)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let own = String(getpid())
    let removed = [
      "demo-0123.drgscheme.\(Self.deadPID).7.tmp",
      "demo-0123.drgscheme.\(own).8.tmp",
    ]
    let kept = [
      "other-4567.drgscheme.\(Self.deadPID).9.tmp",
      "other-4567.drgscheme.\(own).10.tmp",
      "notes.tmp",
      "x.drgscheme.1.tmp",
      "other-4567-89ab.drgscheme",
    ]
    try place(removed[0], in: folder, age: 120)
    try place(removed[1], in: folder, age: 7200)
    try place(kept[0], in: folder, age: 10)
    try place(kept[1], in: folder, age: 120)
    for name in kept[2...] { try place(name, in: folder, age: 7200) }
    let loaded = try Scheme.load(directory: tables.path, cache: cache)
    #expect(loaded.cache.wrote)
    let found = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
    for name in removed { #expect(!found.contains(name), "\(name)") }
    for name in kept { #expect(found.contains(name), "\(name)") }
    let compiled = try #require(loaded.cache.file)
    #expect(found.contains(URL(fileURLWithPath: compiled).lastPathComponent))
  }

  /// The name's parts: `….drgscheme.PID.N.tmp` only.
  @Test func writerPIDFromTheName() {
    #expect(CompiledSchemeFile.writerPID(of: "a-1-2.drgscheme.123.456.tmp") == 123)
    #expect(CompiledSchemeFile.writerPID(of: "a.b.drgscheme.9.0.tmp") == 9)
    #expect(CompiledSchemeFile.writerPID(of: "a.drgscheme.123.tmp") == nil)
    #expect(CompiledSchemeFile.writerPID(of: "a.drgscheme.x.1.tmp") == nil)
    #expect(CompiledSchemeFile.writerPID(of: "a.drgscheme.0.1.tmp") == nil)
    #expect(CompiledSchemeFile.writerPID(of: "a.csv.123.456.tmp") == nil)
    #expect(CompiledSchemeFile.writerPID(of: "a.drgscheme") == nil)
  }
}
