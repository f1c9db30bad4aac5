/// Path texts worked on as bytes.
package enum PathText {
  /// `path` without its last component: "" when it has a single component, "/" for a
  /// component under the root; trailing slashes are not components.
  ///
  /// Foundation's `deletingLastPathComponent` traps on a one-character path such as `d`
  /// (Swift 6.3, Linux), which made `-o d` crash when the output directory was checked or
  /// made.
  package static func parent(of path: String) -> String {
    var bytes = Array(path.utf8)
    while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    return slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
  }
}
