import Foundation
import Testing

/// Every public declaration of the package's sources has a `///` comment (issue 21, item 4).
/// The checker reads the source text: a declaration whose first keyword after its attributes
/// is `public` or `open` must have a `///` line (or the end of a `/** */` block) directly
/// above it, attribute lines in between allowed. There is no allowance list: any public
/// declaration without a comment fails the test (write one that says what the thing means
/// for a user, or lower it to `package` when only this package uses it).
@Suite("Public declarations are documented")
struct PublicDocumentationTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A public declaration without a doc comment.
  struct Undocumented: Equatable {
    var file: String
    var line: Int
    var text: String
    /// The file's name and the declaration's line, e.g. `A.swift: public var x: Int`.
    var key: String { "\((file as NSString).lastPathComponent): \(text)" }
  }

  /// The public declarations of `source` (the text of `file`) without a doc comment.
  static func undocumented(in source: String, file: String) -> [Undocumented] {
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    var found: [Undocumented] = []
    var inString = false
    for (index, line) in lines.enumerated() {
      // Multi-line string literals hold text, not declarations.
      let quotes = line.components(separatedBy: "\"\"\"").count - 1
      defer { if quotes % 2 == 1 { inString.toggle() } }
      guard !inString, isPublicDeclaration(line) else { continue }
      var above = index - 1
      while above >= 0, afterAttributes(lines[above]).isEmpty, !lines[above].isEmpty {
        above -= 1
      }
      let documented =
        above >= 0 && (lines[above].hasPrefix("///") || lines[above].hasSuffix("*/"))
      if !documented { found.append(Undocumented(file: file, line: index + 1, text: line)) }
    }
    return found
  }

  /// Whether `line` (trimmed) declares something public: after any attributes
  /// (`@inline(__always)`, `@discardableResult`, …) its first word is `public` or `open`.
  static func isPublicDeclaration(_ line: String) -> Bool {
    let rest = afterAttributes(line)
    return rest.hasPrefix("public ") || rest.hasPrefix("open ")
  }

  /// `line` (trimmed) without the attributes it starts with; empty for an attribute line.
  static func afterAttributes(_ line: String) -> Substring {
    var rest = Substring(line)
    while rest.hasPrefix("@") {
      var end = rest.firstIndex { $0 == " " || $0 == "(" } ?? rest.endIndex
      if end < rest.endIndex, rest[end] == "(" {
        var depth = 0
        while end < rest.endIndex {
          if rest[end] == "(" { depth += 1 }
          if rest[end] == ")" { depth -= 1 }
          end = rest.index(after: end)
          if depth == 0 { break }
        }
      }
      rest = rest[end...].drop { $0 == " " }
    }
    return rest
  }

  /// The Swift files of the package's sources (library, command line, executables,
  /// benchmark), as paths relative to the repository.
  static func sourceFiles() throws -> [String] {
    var files: [String] = []
    for folder in ["Sources", "Benchmarks"] {
      let base = root.appendingPathComponent(folder)
      guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
      for case let path as String in walker where path.hasSuffix(".swift") {
        files.append(folder + "/" + path)
      }
    }
    return files.sorted()
  }

  @Test func everyPublicDeclarationHasADocComment() throws {
    var missing: [String] = []
    for file in try Self.sourceFiles() {
      let source = try String(
        contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
      for item in Self.undocumented(in: source, file: file) {
        missing.append("\(item.file):\(item.line): \(item.text)")
      }
    }
    #expect(
      missing.isEmpty,
      "\(missing.count) public declarations without a /// comment (write one above each):\n\(missing.joined(separator: "\n"))"
    )
  }

  /// The checker itself on a hand-made source: lines 3 and 7 are public and undocumented;
  /// the rest are documented (also through attribute lines), not public, or text inside a
  /// string literal.
  @Test func theCheckerFindsWhatIsMissing() {
    let source = #"""
      /// Documented.
      public struct A {
        public var x: Int
        /// Documented.
        @inline(__always) public func f() {}
        @discardableResult
        public func g() -> Int { 0 }
        /// Documented through an attribute line.
        @discardableResult
        public func h() -> Int { 0 }
        var notPublic = 1
        let text = """
          public var insideAString = 0
          """
        /** Block-documented. */
        public static let y = 2
      }
      """#
    let found = Self.undocumented(in: source, file: "A.swift")
    #expect(found.map(\.line) == [3, 7])
    #expect(
      found.map(\.key) == ["A.swift: public var x: Int", "A.swift: public func g() -> Int { 0 }"])
  }
}
