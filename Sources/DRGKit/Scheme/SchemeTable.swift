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
    // Unescaped quoted fields, placed after the file's bytes.
    var unescaped: [UInt8] = []
    var failure: SchemeError?
    // The first row whose field count differs from the header's.
    var ragged: (line: Int, count: Int)?
    let fileSize = bytes.count
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let end = buffer.count
      var parser = CSVRecordParser()
      var offset = buffer.starts(with: ASCII.byteOrderMark) ? 3 : 0
      var line = 1
      // Row buffers sized for lines of about sixteen bytes (the tables' shortest average),
      // doubled when full: allocating for the longest possible row count touched tens of
      // megabytes for nothing.
      var rowCapacity = 0
      var width = 0
      var rowCount = 0
      var lineNumbers = UnsafeMutablePointer<Int>.allocate(capacity: 1)
      var fieldBounds = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
      defer {
        lineNumbers.deallocate()
        fieldBounds.deallocate()
      }

      /// Makes room for one more row.
      @inline(__always)
      func reserveRow() {
        guard rowCount == rowCapacity else { return }
        let capacity = rowCapacity * 2
        let newLines = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        newLines.initialize(from: lineNumbers, count: rowCount)
        lineNumbers.deallocate()
        lineNumbers = newLines
        let newBounds = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * width * 2)
        newBounds.initialize(from: fieldBounds, count: rowCount * width * 2)
        fieldBounds.deallocate()
        fieldBounds = newBounds
        rowCapacity = capacity
      }

      /// Reads the record at `offset` with the general CSV parser (the header, quoted
      /// fields, a line without a line feed, a stray CR, a row of the wrong width).
      /// Returns `false` at the end of the input or on a malformed record.
      func readGeneral() -> Bool {
        guard let next = parser.parse(buffer, from: offset, line: line, isFinal: true) else {
          return false
        }
        if let problem = parser.problem {
          failure = SchemeError(.malformedRow(problem.description), file: file, line: problem.line)
          return false
        }
        let fields = parser.fields
        if parsedHeader.isEmpty {
          parsedHeader = fields.indices.map { index in
            parser.withField(index, in: buffer) { $0.trimmingBlanks().string() }
          }
          width = parsedHeader.count
          rowCapacity = (end - next) / 16 + 16
          lineNumbers.deallocate()
          fieldBounds.deallocate()
          lineNumbers = .allocate(capacity: rowCapacity)
          fieldBounds = .allocate(capacity: rowCapacity * width * 2)
        } else if fields.count != width {
          if ragged == nil { ragged = (line, fields.count) }
        } else {
          reserveRow()
          lineNumbers[rowCount] = line
          var at = rowCount &* width &* 2
          rowCount += 1
          for field in fields {
            if field.inScratch {
              parser.scratch.withUnsafeBufferPointer { scratch in
                let value = UnsafeBufferPointer(rebasing: scratch[field.start..<field.end])
                  .trimmingBlanks()
                fieldBounds[at] = UInt32(fileSize + unescaped.count)
                unescaped.append(contentsOf: value)
                fieldBounds[at + 1] = UInt32(fileSize + unescaped.count)
              }
            } else {
              var start = field.start
              var end = field.end
              while start < end, ASCII.isBlank(buffer[start]) { start += 1 }
              while end > start, ASCII.isBlank(buffer[end - 1]) { end -= 1 }
              fieldBounds[at] = UInt32(truncatingIfNeeded: start)
              fieldBounds[at + 1] = UInt32(truncatingIfNeeded: end)
            }
            at += 2
          }
        }
        line += parser.linesConsumed
        offset = next
        return true
      }

      /// Reads the row at `offset` when it is a plain line: no quote, no CR but the one
      /// before its line feed, exactly `width` fields, a line feed at its end. Scans
      /// eight bytes at a time for bytes below `-` (commas, line feeds, quotes, CR and
      /// blanks are; code, number and name bytes are not). Returns `false`, having
      /// changed nothing, for any other line.
      @inline(__always)
      func readPlain() -> Bool {
        reserveRow()
        let row = fieldBounds + rowCount &* width &* 2
        var count = 0
        var fieldStart = offset
        var position = offset
        @inline(__always)
        func endField(at fieldEnd: Int) {
          var start = fieldStart
          var end = fieldEnd
          while start < end, ASCII.isBlank(base[start]) { start &+= 1 }
          while end > start, ASCII.isBlank(base[end &- 1]) { end &-= 1 }
          row[count &* 2] = UInt32(truncatingIfNeeded: start)
          row[count &* 2 &+ 1] = UInt32(truncatingIfNeeded: end)
          count &+= 1
        }
        /// Handles the special byte at `at`: `nil` to go on, else whether the row was read.
        @inline(__always)
        func special(_ at: Int) -> Bool? {
          switch base[at] {
          case ASCII.comma:
            guard count &+ 1 < width else { return false }
            endField(at: at)
            fieldStart = at &+ 1
            return nil
          case ASCII.lf:
            guard count &+ 1 == width else { return false }
            endField(at: at > fieldStart && base[at &- 1] == ASCII.cr ? at &- 1 : at)
            lineNumbers[rowCount] = line
            rowCount &+= 1
            line &+= 1
            offset = at &+ 1
            return true
          case ASCII.quote: return false
          case ASCII.cr: return at &+ 1 < end && base[at &+ 1] == ASCII.lf ? nil : false
          default: return nil
          }
        }
        while position &+ 8 <= end {
          let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
          var found = SWAR.bytesBelow(UInt64(littleEndian: word), ASCII.minus)
          while found != 0 {
            let at = position &+ (found.trailingZeroBitCount &>> 3)
            found &= found &- 1
            if let done = special(at) { return done }
          }
          position &+= 8
        }
        while position < end {
          if let done = special(position) { return done }
          position &+= 1
        }
        return false
      }

      while offset < end {
        if base[offset] == ASCII.lf || base[offset] == ASCII.cr {
          if base[offset] == ASCII.lf { line += 1 }
          offset += 1
          continue
        }
        if width > 0 && readPlain() { continue }
        if !readGeneral() { break }
      }
      lines = Array(UnsafeBufferPointer(start: lineNumbers, count: rowCount))
      bounds = Array(UnsafeBufferPointer(start: fieldBounds, count: rowCount * width * 2))
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

  /// The whole file as bytes, read straight into the array (no `Data` copy).
  private static func read(_ url: URL, file: String) throws(SchemeError) -> [UInt8] {
    let descriptor = open(url.path, O_RDONLY)
    var status = stat()
    guard descriptor >= 0, fstat(descriptor, &status) == 0,
      status.st_mode & S_IFMT == S_IFREG
    else {
      if descriptor >= 0 { close(descriptor) }
      if !FileManager.default.fileExists(atPath: url.path) {
        throw SchemeError(.missingFile, file: file)
      }
      throw SchemeError(.unreadableFile(reason: "permission denied or not a file"), file: file)
    }
    defer { close(descriptor) }
    let size = Int(status.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      while count < size {
        let got = Foundation.read(descriptor, buffer.baseAddress! + count, size - count)
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else {
          failed = got < 0
          break
        }
        count += got
      }
    }
    if failed {
      throw SchemeError(.unreadableFile(reason: String(cString: strerror(errno))), file: file)
    }
    return bytes
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
