import Foundation

/// One CSV file of a scheme directory, read whole into strings (load time only).
struct SchemeTable {
  struct Row {
    var line: Int
    var values: [String]
  }

  let file: String
  let header: [String]
  let rows: [Row]

  /// Reads `file` from `directory`, requiring the given columns in its header.
  /// - Throws: ``SchemeError`` naming the file (and line) when it is missing, not UTF-8,
  ///   malformed, or lacks a column.
  init(directory: URL, file: String, required columns: [String])
    throws(SchemeError)
  {
    self.file = file
    let url = directory.appendingPathComponent(file)
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      if !FileManager.default.fileExists(atPath: url.path) {
        throw SchemeError(.missingFile, file: file)
      }
      throw SchemeError(.unreadableFile(reason: "permission denied or not a file"), file: file)
    }
    let bytes = [UInt8](data)
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw SchemeError(.notUTF8, file: file)
    }
    var parsedHeader: [String] = []
    var parsedRows: [Row] = []
    var failure: SchemeError?
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
        // Values are trimmed of spaces and tabs once, here.
        let values = (0..<parser.fields.count).map { index in
          parser.withField(index, in: buffer) {
            String(decoding: $0.trimmingBlanks(), as: UTF8.self)
          }
        }
        if parsedHeader.isEmpty {
          parsedHeader = values
        } else {
          parsedRows.append(Row(line: line, values: values))
        }
        line += parser.linesConsumed
        offset = next
      }
    }
    if let failure { throw failure }
    for column in columns where !parsedHeader.contains(column) {
      throw SchemeError(.missingColumn(column), file: file, line: 1)
    }
    for row in parsedRows where row.values.count != parsedHeader.count {
      throw SchemeError(
        .malformedRow("\(row.values.count) fields where the header has \(parsedHeader.count)"),
        file: file, line: row.line)
    }
    header = parsedHeader
    rows = parsedRows
  }

  /// The index of `column` in the header (checked present by the initialiser).
  func column(_ name: String) -> Int {
    header.firstIndex(of: name) ?? -1
  }

  /// Reads a required whole number, e.g. an `order`.
  func integer(_ row: Row, _ column: String) throws(SchemeError) -> Int {
    let text = row.values[self.column(column)]
    guard let value = Int(text) else {
      throw SchemeError(.badNumber(column: column, value: text), file: file, line: row.line)
    }
    return value
  }

  /// Reads a required non-empty text value.
  func text(_ row: Row, _ column: String) throws(SchemeError) -> String {
    let value = row.values[self.column(column)]
    guard !value.isEmpty else {
      throw SchemeError(.emptyField(column: column), file: file, line: row.line)
    }
    return value
  }

  /// Reads a text value that may be empty.
  func optionalText(_ row: Row, _ column: String) -> String {
    let index = self.column(column)
    guard index >= 0 else { return "" }
    return row.values[index]
  }

  static func exists(_ file: String, in directory: URL) -> Bool {
    FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path)
  }
}
