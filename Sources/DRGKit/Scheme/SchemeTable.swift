import Foundation

/// One CSV file of a scheme directory, read whole into one byte buffer (load time only).
///
/// A field is a byte range of that buffer, trimmed of spaces and tabs: reading the
/// tables makes no `String` per field. The few fields a loader needs as text (rules,
/// entry names, messages) are turned into strings where they are read.
struct SchemeTable {
  /// A data row: its index among the rows and its 1-based line in the file.
  struct Row {
    var index: Int
    var line: Int
  }

  /// The data rows in file order.
  struct Rows: RandomAccessCollection {
    fileprivate let lines: [Int]
    var startIndex: Int { 0 }
    var endIndex: Int { lines.count }
    subscript(index: Int) -> Row { Row(index: index, line: lines[index]) }
  }

  /// The fields of a table, read without copying (see ``SchemeTable/withFields(_:)``).
  struct Fields {
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let bounds: UnsafeBufferPointer<UInt32>
    fileprivate let width: Int

    /// The trimmed bytes of `column` in data row `row`.
    @inline(__always)
    subscript(row: Int, column: Int) -> UnsafeBufferPointer<UInt8> {
      let at = (row &* width &+ column) &* 2
      let start = Int(bounds[at])
      let end = Int(bounds[at &+ 1])
      return UnsafeBufferPointer(start: bytes.baseAddress! + start, count: end &- start)
    }
  }

  let file: String
  let header: [String]
  let rows: Rows
  /// The file's bytes, followed by the unescaped text of quoted fields that held `""`.
  private let bytes: [UInt8]
  /// Per field of each data row: start and end in ``bytes``.
  private let bounds: [UInt32]

  /// Reads `file` from `directory`, requiring the given columns in its header.
  /// - Throws: ``SchemeError`` naming the file (and line) when it is missing, not UTF-8,
  ///   malformed, or lacks a column.
  init(directory: URL, file: String, required columns: [String])
    throws(SchemeError)
  {
    self.file = file
    var bytes = try Self.read(directory.appendingPathComponent(file), file: file)
    let valid = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalid($0, in: 0..<$0.count) }
    guard valid == nil else { throw SchemeError(.notUTF8, file: file) }
    var parsedHeader: [String] = []
    var lines: [Int] = []
    var bounds: [UInt32] = []
    bounds.reserveCapacity(bytes.count / 2)
    lines.reserveCapacity(bytes.count / 16)
    // Unescaped quoted fields, placed after the file's bytes.
    var unescaped: [UInt8] = []
    var failure: SchemeError?
    // The first row whose field count differs from the header's.
    var ragged: (line: Int, count: Int)?
    let fileSize = bytes.count
    bytes.withUnsafeBufferPointer { buffer in
      var parser = CSVRecordParser()
      var offset = buffer.starts(with: ASCII.byteOrderMark) ? 3 : 0
      var line = 1
      while offset < buffer.count {
        if buffer[offset] == ASCII.lf || buffer[offset] == ASCII.cr {
          if buffer[offset] == ASCII.lf { line += 1 }
          offset += 1
          continue
        }
        guard let next = parser.parse(buffer, from: offset, line: line, isFinal: true) else {
          break
        }
        if let problem = parser.problem {
          failure = SchemeError(.malformedRow(problem.description), file: file, line: problem.line)
          return
        }
        let fields = parser.fields
        if parsedHeader.isEmpty {
          parsedHeader = fields.indices.map { index in
            parser.withField(index, in: buffer) { $0.trimmingBlanks().string() }
          }
        } else if fields.count != parsedHeader.count {
          if ragged == nil { ragged = (line, fields.count) }
        } else {
          lines.append(line)
          for field in fields {
            if field.inScratch {
              parser.scratch.withUnsafeBufferPointer { scratch in
                let value = UnsafeBufferPointer(rebasing: scratch[field.start..<field.end])
                  .trimmingBlanks()
                bounds.append(UInt32(fileSize + unescaped.count))
                unescaped.append(contentsOf: value)
                bounds.append(UInt32(fileSize + unescaped.count))
              }
            } else {
              var start = field.start
              var end = field.end
              while start < end, ASCII.isBlank(buffer[start]) { start += 1 }
              while end > start, ASCII.isBlank(buffer[end - 1]) { end -= 1 }
              bounds.append(UInt32(truncatingIfNeeded: start))
              bounds.append(UInt32(truncatingIfNeeded: end))
            }
          }
        }
        line += parser.linesConsumed
        offset = next
      }
    }
    if let failure { throw failure }
    for column in columns where !parsedHeader.contains(column) {
      throw SchemeError(.missingColumn(column), file: file, line: 1)
    }
    if let ragged {
      throw SchemeError(
        .malformedRow("\(ragged.count) fields where the header has \(parsedHeader.count)"),
        file: file, line: ragged.line)
    }
    guard bytes.count + unescaped.count < Int(UInt32.max) else {
      throw SchemeError(.unreadableFile(reason: "larger than 4 GB"), file: file)
    }
    if !unescaped.isEmpty { bytes.append(contentsOf: unescaped) }
    header = parsedHeader
    rows = Rows(lines: lines)
    self.bytes = bytes
    self.bounds = bounds
  }

  /// The whole file as bytes.
  private static func read(_ url: URL, file: String) throws(SchemeError) -> [UInt8] {
    do {
      let data = try Data(contentsOf: url)
      return [UInt8](data)
    } catch {
      if !FileManager.default.fileExists(atPath: url.path) {
        throw SchemeError(.missingFile, file: file)
      }
      throw SchemeError(.unreadableFile(reason: "permission denied or not a file"), file: file)
    }
  }

  /// Calls `body` with the fields of every row, read in place.
  @inline(__always)
  func withFields<R, E: Error>(_ body: (Fields) throws(E) -> R) throws(E) -> R {
    let result: Result<R, E> = bytes.withUnsafeBufferPointer { bytes in
      bounds.withUnsafeBufferPointer { bounds in
        do throws(E) {
          return .success(try body(Fields(bytes: bytes, bounds: bounds, width: header.count)))
        } catch {
          return .failure(error)
        }
      }
    }
    return try result.get()
  }

  /// The index of `column` in the header (checked present by the initialiser).
  func column(_ name: String) -> Int {
    header.firstIndex(of: name) ?? -1
  }

  /// Field `column` (an index) of `row` as text; empty for column -1.
  func string(_ row: Row, _ column: Int) -> String {
    guard column >= 0 else { return "" }
    return withFields { $0[row.index, column].string() }
  }

  /// Reads a required whole number, e.g. an `order`.
  func integer(_ row: Row, _ column: String) throws(SchemeError) -> Int {
    let text = string(row, self.column(column))
    guard let value = Int(text) else {
      throw SchemeError(.badNumber(column: column, value: text), file: file, line: row.line)
    }
    return value
  }

  /// Reads a required non-empty text value.
  func text(_ row: Row, _ column: String) throws(SchemeError) -> String {
    let value = string(row, self.column(column))
    guard !value.isEmpty else {
      throw SchemeError(.emptyField(column: column), file: file, line: row.line)
    }
    return value
  }

  /// Reads a text value that may be empty.
  func optionalText(_ row: Row, _ column: String) -> String {
    string(row, self.column(column))
  }

  static func exists(_ file: String, in directory: URL) -> Bool {
    FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path)
  }
}
