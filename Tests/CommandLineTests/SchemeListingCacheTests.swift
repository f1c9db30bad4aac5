import DRGKit
import DRGTestSupport
import Foundation
import Testing

@testable import DRGCommandLine

/// `drg schemes` lists without filling the cache: it reads a compiled file that is there
/// but writes none (before, listing the 31 shipped schemes wrote 31 files of up to ~12 MB).
@Suite struct SchemeListingCacheTests {
  /// The demo scheme alone, in a place of its own.
  func demoPlace() throws -> (TemporaryDirectory, SchemeLocator) {
    let root = try TemporaryDirectory()
    let source = Repository.root.appendingPathComponent("grouper-tables/demo").path
    try FileManager.default.copyItem(atPath: source, toPath: root.file("demo"))
    return (root, SchemeLocator(places: [.init(label: "test", path: root.path)]))
  }

  /// An empty cache stays empty after the listing, and the scheme is still listed (loaded
  /// from its tables).
  @Test func listingWritesNoCompiledFile() throws {
    let (root, locator) = try demoPlace()
    let cacheRoot = try TemporaryDirectory()
    let cache = SchemeCache(directory: cacheRoot.file("cache"))
    let catalogue = SchemeCatalogue(locator: locator, cache: cache)
    #expect(catalogue.entries.map(\.id) == ["demo"])
    #expect(catalogue.entries.first?.loadError == nil)
    #expect(catalogue.entries.first?.drgs ?? 0 > 0)
    let files = (try? FileManager.default.contentsOfDirectory(atPath: cacheRoot.file("cache")))
    #expect(files ?? [] == [], "\(files ?? [])")
    _ = root
  }

  /// With a compiled file already there (written by a load), the listing uses the cache
  /// (the file is kept, nothing is added); without one it does not.
  @Test func aCompiledFileThereIsUsed() throws {
    let (root, locator) = try demoPlace()
    let cacheRoot = try TemporaryDirectory()
    let cache = SchemeCache(directory: cacheRoot.file("cache"))
    let directory = root.file("demo")
    #expect(SchemeCatalogue.readOnly(cache, for: directory) == .off)
    let loaded = try Scheme.load(directory: directory, cache: cache)
    #expect(loaded.cache.wrote)
    #expect(SchemeCatalogue.readOnly(cache, for: directory) == cache)
    let before = try FileManager.default.contentsOfDirectory(atPath: cacheRoot.file("cache"))
    let catalogue = SchemeCatalogue(locator: locator, cache: cache)
    #expect(catalogue.entries.first?.loadError == nil)
    let after = try FileManager.default.contentsOfDirectory(atPath: cacheRoot.file("cache"))
    #expect(before.sorted() == after.sorted())
    #expect(after.count == 1)
  }
}
