import Foundation

/// Where a JSON text is wrong, in plain words with its line and column: Foundation's
/// decoder says only "not valid JSON", and names a bad field by its path. ``problem()``
/// finds the first break of the grammar (RFC 8259: no trailing commas, no comments);
/// ``position(of:)`` finds the value a decoder's coding path names.
package struct JSONText: Sendable {
  /// A place in the text and what is wrong there.
  package struct Problem: Sendable, Equatable, Error {
    /// 1-based line and column (columns count characters, not bytes).
    package var line: Int
    /// The 1-based column.
    package var column: Int
    /// What is wrong, in plain words.
    package var message: String
  }

  /// An object key or array index, to build a path for ``position(of:)``.
  package struct Key: CodingKey, Sendable {
    /// The key, or the index as text.
    package var stringValue: String
    /// The array index, for an index.
    package var intValue: Int?
    /// The object key `name`.
    package init(_ name: String) { stringValue = name }
    /// The object key `stringValue`.
    package init?(stringValue: String) { self.stringValue = stringValue }
    /// The array index `intValue`.
    package init?(intValue: Int) {
      stringValue = String(intValue)
      self.intValue = intValue
    }
  }

  /// `file:line: column C: message` for the value at `path`, as a ``RecordError``.
  package func error(file: String, at path: [String], _ message: String) -> RecordError {
    guard let place = position(of: path.map(Key.init)) else {
      return RecordError(file: file, line: 0, message: message)
    }
    return RecordError(file: file, line: place.line, message: "column \(place.column): \(message)")
  }

  private let bytes: [UInt8]
  /// Deeper nesting is refused (no policy or column map needs it), so that the parser's
  /// recursion stays bounded.
  static let maximumDepth = 200

  /// The text of `data` (UTF-8; a byte-order mark is skipped).
  package init(_ data: Data) {
    var bytes = [UInt8](data)
    if bytes.starts(with: ASCII.byteOrderMark) { bytes.removeFirst(3) }
    self.bytes = bytes
  }

  /// The first syntax error, or `nil` when the text is one well-formed JSON value.
  package func problem() -> Problem? {
    var index = 0
    do throws(Problem) {
      skipSpace(&index)
      guard index < bytes.count else { throw problem(at: index, "the file is empty; expected {") }
      try value(&index, depth: 0)
      skipSpace(&index)
      if index < bytes.count {
        throw problem(at: index, "unexpected \(shown(index)) after the end of the JSON value")
      }
      return nil
    } catch {
      return error
    }
  }

  /// Line and column of the value at `path` (object keys and array indices), or of the
  /// deepest part of the path that exists; `nil` for a text that does not parse.
  package func position(of path: [any CodingKey]) -> (line: Int, column: Int)? {
    var index = 0
    skipSpace(&index)
    var found = index
    do throws(Problem) {
      for key in path {
        found = index
        guard index < bytes.count else { break }
        if let wanted = key.intValue, bytes[index] == UInt8(ascii: "[") {
          index += 1
          skipSpace(&index)
          var position = 0
          while position < wanted {
            try value(&index, depth: 1)
            skipSpace(&index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else {
              return place(found)
            }
            index += 1
            skipSpace(&index)
            position += 1
          }
        } else if bytes[index] == UInt8(ascii: "{") {
          index += 1
          skipSpace(&index)
          var matched = false
          while index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let name = try string(&index)
            skipSpace(&index)
            try expect(&index, ":")
            skipSpace(&index)
            if name == key.stringValue {
              matched = true
              break
            }
            try value(&index, depth: 1)
            skipSpace(&index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { break }
            index += 1
            skipSpace(&index)
          }
          if !matched { return place(found) }
        } else {
          return place(found)
        }
      }
      return place(index)
    } catch {
      return nil
    }
  }

  // MARK: - Grammar

  private func value(_ index: inout Int, depth: Int) throws(Problem) {
    guard depth < Self.maximumDepth else {
      throw problem(at: index, "nested more than \(Self.maximumDepth) levels deep")
    }
    guard index < bytes.count else {
      throw problem(at: index, "the text ends where a value should be")
    }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      skipSpace(&index)
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return
      }
      var names: [String: Int] = [:]
      while true {
        skipSpace(&index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
          throw problem(
            at: index,
            index < bytes.count && bytes[index] == UInt8(ascii: "}")
              ? "a comma before } (remove the last comma)"
              : "expected a field name in double quotes, found \(shown(index))")
        }
        let nameStart = index
        let name = try string(&index)
        if let first = names[name] {
          throw problem(
            at: nameStart,
            "the field \"\(name)\" is given twice in one object (first on line \(place(first).line)); keep one"
          )
        }
        names[name] = nameStart
        skipSpace(&index)
        try expect(&index, ":")
        skipSpace(&index)
        try value(&index, depth: depth + 1)
        skipSpace(&index)
        guard index < bytes.count else {
          throw problem(at: index, "the text ends inside {; close it with }")
        }
        if bytes[index] == UInt8(ascii: "}") {
          index += 1
          return
        }
        guard bytes[index] == UInt8(ascii: ",") else {
          throw problem(at: index, "expected , or } after a field, found \(shown(index))")
        }
        index += 1
      }
    case UInt8(ascii: "["):
      index += 1
      skipSpace(&index)
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return
      }
      while true {
        skipSpace(&index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
          throw problem(at: index, "a comma before ] (remove the last comma)")
        }
        try value(&index, depth: depth + 1)
        skipSpace(&index)
        guard index < bytes.count else {
          throw problem(at: index, "the text ends inside [; close it with ]")
        }
        if bytes[index] == UInt8(ascii: "]") {
          index += 1
          return
        }
        guard bytes[index] == UInt8(ascii: ",") else {
          throw problem(at: index, "expected , or ] after a value, found \(shown(index))")
        }
        index += 1
      }
    case UInt8(ascii: "\""):
      _ = try string(&index)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      try number(&index)
    default:
      for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
        index += word.utf8.count
        return
      }
      throw problem(
        at: index,
        "expected a value (a number, \"text\", true, false, null, { or [), found \(shown(index))")
    }
  }

  private func number(_ index: inout Int) throws(Problem) {
    let start = index
    func digits() -> Int {
      let from = index
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        index += 1
      }
      return index - from
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    let whole = index
    guard digits() > 0 else { throw problem(at: start, "a number needs digits after -") }
    if index - whole > 1, bytes[whole] == UInt8(ascii: "0") {
      throw problem(at: start, "a number may not start with 0 (write 7, not 07)")
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw problem(at: start, "a number needs digits after its point") }
    }
    if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard digits() > 0 else { throw problem(at: start, "a number needs digits after its e") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let value = Double(text), value.isFinite else {
      throw problem(
        at: start,
        "the number \(text.count > 20 ? String(text.prefix(12)) + "… (\(text.count) characters)" : text) is beyond any field's range (at most 10^15)"
      )
    }
  }

  /// Reads a string starting at its opening quote; returns it with the escapes undone.
  private func string(_ index: inout Int) throws(Problem) -> String {
    let start = index
    index += 1
    var text: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: text, as: UTF8.self)
      }
      if byte < 0x20 {
        throw problem(
          at: index,
          byte == ASCII.lf
            ? "a line break inside \"text\" (close the quote, or write \\n)"
            : "a control character inside \"text\"")
      }
      if byte == UInt8(ascii: "\\") {
        index += 1
        guard index < bytes.count else { break }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(bytes[index])
        case UInt8(ascii: "n"): text.append(ASCII.lf)
        case UInt8(ascii: "t"): text.append(ASCII.tab)
        case UInt8(ascii: "r"): text.append(ASCII.cr)
        case UInt8(ascii: "b"), UInt8(ascii: "f"): text.append(0x20)
        case UInt8(ascii: "u"):
          let hex = bytes[(index + 1)..<min(index + 5, bytes.count)]
          guard hex.count == 4, let code = UInt32(String(decoding: hex, as: UTF8.self), radix: 16)
          else { throw problem(at: index - 1, "\\u needs four hexadecimal digits") }
          text.append(
            contentsOf: Array(String(UnicodeScalar(code).map(Character.init) ?? "?").utf8))
          index += 4
        default:
          throw problem(at: index - 1, "unknown escape \\\(shown(index)) in \"text\"")
        }
        index += 1
        continue
      }
      text.append(byte)
      index += 1
    }
    throw problem(at: start, "a \"text\" that is never closed")
  }

  private func expect(_ index: inout Int, _ character: Unicode.Scalar) throws(Problem) {
    guard index < bytes.count, bytes[index] == UInt8(ascii: character) else {
      throw problem(at: index, "expected \(character) after a field name, found \(shown(index))")
    }
    index += 1
  }

  private func skipSpace(_ index: inout Int) {
    while index < bytes.count,
      bytes[index] == ASCII.space || bytes[index] == ASCII.tab || bytes[index] == ASCII.lf
        || bytes[index] == ASCII.cr
    {
      index += 1
    }
  }

  // MARK: - Places

  /// The character at `index`, quoted, or "the end of the text".
  private func shown(_ index: Int) -> String {
    guard index < bytes.count else { return "the end of the text" }
    var end = index + 1
    while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
    return "'\(String(decoding: bytes[index..<end], as: UTF8.self))'"
  }

  private func place(_ index: Int) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    for position in 0..<min(index, bytes.count) where bytes[position] == ASCII.lf {
      line += 1
      lineStart = position + 1
    }
    let column =
      bytes[lineStart..<min(index, bytes.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } + 1
    return (line, column)
  }

  private func problem(at index: Int, _ message: String) -> Problem {
    let (line, column) = place(index)
    return Problem(line: line, column: column, message: message)
  }
}
