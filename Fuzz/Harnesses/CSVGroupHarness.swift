import Foundation

/// libFuzzer harness `csv-group`: the input bytes are a case file. They are grouped with the
/// demo scheme by ``FileGrouping`` twice — one large block on one thread, then small blocks on
/// two threads — and the run must either stop with a ``FileError`` (undecodable bytes) or a
/// ``RecordError`` (no usable header), or keep every invariant of `drg group`:
///
/// - rows read == rows written == the sum of the status counts;
/// - the output has a header plus one record per row written, each with at least the input's
///   column count plus the six appended columns, and a known word in the `status` column;
/// - both runs write the same bytes (chunking never changes the output).
enum CSVGroupHarness {
  static func run(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let bytes = Data(bytes: data, count: size)
    let directory = FuzzSupport.scratchDirectory
    let input = directory + "/input.csv"
    FuzzSupport.require(FileManager.default.createFile(atPath: input, contents: bytes), "write")
    // The block size varies with the input so that chunk cuts land everywhere: 16 to 112 bytes.
    let smallBlock = 16 + size % 97
    let small = CSVGroupRun(input: input, output: directory + "/small.csv", block: smallBlock)
    let large = CSVGroupRun(input: input, output: directory + "/large.csv", block: 1 << 20)
    // Both runs detect the encoding (`.auto`): a line not valid in the encoding chosen at the
    // first non-ASCII byte is read in the other, so forcing the one-block run's
    // `summary.encoding` on the small-block run would make such lines invalid. `drg group`
    // promises the same output for any block size with `.auto`, which this checks.
    let largeResult = large.run(threads: 1, encoding: .auto)
    guard case .grouped(let first, let firstBytes, _) = largeResult else {
      _ = small.run(threads: 2, encoding: .auto)  // only its own invariants
      return
    }
    let smallResult = small.run(threads: 2, encoding: .auto)
    guard case .grouped(let second, let secondBytes, _) = smallResult else {
      FuzzSupport.require(false, "block \(smallBlock): \(smallResult); one block: \(largeResult)")
      return
    }
    FuzzSupport.require(
      first.rowsRead == second.rowsRead && first.byStatus == second.byStatus
        && first.blankLines == second.blankLines,
      "block \(smallBlock) gave \(second), one block gave \(first)")
    FuzzSupport.require(firstBytes == secondBytes, "block \(smallBlock) wrote other bytes")
  }
}

/// One grouping of the fuzz input and the checks on its output.
struct CSVGroupRun {
  enum Outcome: CustomStringConvertible {
    /// The run stopped with a file or header error (its description).
    case rejected(String)
    /// The run finished: its summary, the output bytes and the encoding it read.
    case grouped(GroupingSummary, [UInt8], TextEncoding)

    var description: String {
      switch self {
      case .rejected(let reason): "rejected: \(reason)"
      case .grouped(let summary, _, _): "grouped: \(summary)"
      }
    }
  }

  let input: String
  let output: String
  let block: Int

  static let statusWords = Set(GroupingStatus.allCases.map(\.description))

  func run(threads: Int, encoding: TextEncoding) -> Outcome {
    var grouping = FileGrouping(scheme: FuzzSupport.demoScheme)
    grouping.encoding = encoding
    grouping.blockSize = block
    grouping.threads = threads
    let summary: GroupingSummary
    do {
      summary = try grouping.run(input: input, output: output)
    } catch let error as FileError {
      FuzzSupport.require(error.operation == .decode, "unexpected file error: \(error)")
      FuzzSupport.require((error.line ?? 0) >= 1, "decode error without a line: \(error)")
      return .rejected("\(error.operation) line \(error.line ?? 0)")
    } catch let error as RecordError {
      return .rejected("\(error)")
    } catch {
      FuzzSupport.require(false, "unexpected error type: \(error)")
      return .rejected("")
    }
    FuzzSupport.require(summary.rowsRead == summary.rowsWritten, "rows lost: \(summary)")
    FuzzSupport.require(
      summary.byStatus.reduce(0, +) == summary.rowsRead, "status counts: \(summary)")
    let written = checkOutput(summary)
    return .grouped(summary, written, summary.encoding)
  }

  /// Reads the output back and checks its shape; returns its bytes.
  private func checkOutput(_ summary: GroupingSummary) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: output) else {
      FuzzSupport.require(false, "no output file")
      return []
    }
    let appended = OutputColumns.names.count
    do {
      let reader = try CSVReader(path: output, blockSize: 256)
      var records = 0
      var headerCount = 0
      while try reader.next() {
        records += 1
        let fields = reader.parser.fields.count
        FuzzSupport.require(reader.parser.problem == nil, "unreadable output line \(reader.line)")
        if records == 1 {
          headerCount = fields
          continue
        }
        FuzzSupport.require(
          fields >= headerCount, "output line \(reader.line): \(fields) < \(headerCount) fields")
        let status = reader.parser.fields[fields - appended]
        let word =
          status.inScratch
          ? String(decoding: reader.parser.scratch[status.start..<status.end], as: UTF8.self)
          : String(decoding: reader.bytes[status.start..<status.end], as: UTF8.self)
        FuzzSupport.require(
          Self.statusWords.contains(word), "output line \(reader.line): status '\(word)'")
      }
      FuzzSupport.require(
        records == summary.rowsWritten + 1,
        "output has \(records) records for \(summary.rowsWritten) rows plus a header")
    } catch {
      FuzzSupport.require(false, "cannot read the output back: \(error)")
    }
    return [UInt8](data)
  }
}
