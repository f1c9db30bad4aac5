import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// MDCA (`pdx in A`) → A1 → A11 (`age >= 60`, a name with a comma) or A13.
private func fileScheme() throws -> Scheme {
  var fixture = SchemeFixture()
  fixture.mdc += "1,MDCA,A,pdx in A\n"
  fixture.adrg += "MDCA,1,A1,A one,true\n"
  fixture.drg += "A1,1,A11,\"old, with comma\",age >= 60\nA1,2,A13,young,true\n"
  fixture.lists += "A,A01,\nA,A02,\n"
  return try fixture.load()
}

private let canonicalHeader =
  "case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost"
private let outputHeader = canonicalHeader + ",status,mdc,adrg,drg,drg_name,reason,warnings"
private let ungroupableColumns =
  "ungroupable,0000,00,0000,,no MDC yielded an ADRG for this principal diagnosis and these procedures,"

/// Runs `FileGrouping` on `input` and returns the output text and the summary.
private func group(
  _ input: String, scheme: Scheme, configure: (inout FileGrouping) -> Void = { _ in }
) throws -> (output: String, summary: GroupingSummary) {
  let directory = try TemporaryDirectory()
  let inputPath = try directory.write(input, name: "cases.csv")
  var grouping = FileGrouping(scheme: scheme)
  // The validation edits have their own tests; here the warnings column stays empty.
  grouping.edits = nil
  configure(&grouping)
  let summary = try grouping.run(input: inputPath, output: directory.file("grouped.csv"))
  #expect(try directory.fileNames() == ["cases.csv", "grouped.csv"], "no partial file is left")
  return (try directory.read("grouped.csv"), summary)
}

/// The `RecordError` grouping `input` throws, or `nil` (recorded as an issue).
private func recordError(
  _ input: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> (error: RecordError, path: String)? {
  let directory = try TemporaryDirectory()
  let inputPath = try directory.write(input, name: "cases.csv")
  do {
    _ = try FileGrouping(scheme: fileScheme()).run(
      input: inputPath, output: directory.file("grouped.csv"))
  } catch let error as RecordError {
    #expect(try directory.fileNames() == ["cases.csv"], sourceLocation: sourceLocation)
    return (error, inputPath)
  }
  Issue.record("grouping succeeded, a RecordError was expected", sourceLocation: sourceLocation)
  return nil
}

@Suite("File grouping")
struct FileGroupingTests {
  static let mixedInput =
    [
      canonicalHeader,
      "C1,H1,1,70,,,,5,1,,A01,,100",
      "C2,H1,2,30,,,,5,1,,\"A02|Z01\",,200",
      "C3,H1,1,30,,,,5,1,,Z99,,300",
      "C4,H1,,30,,,,5,1,,A01,,400",
      "C5,H1,1,30",
      "C6,H1,1,30,,,,5,1,,A01,,500,extra",
      "C7,H1,1,30,,,,5,1,,\"A01,,600",
      "C8,H1,男,70,,,,5,1,,A01,,700",
      "C9,H1,女,30,,,,5,1,,A01,,800",
    ].joined(separator: "\n") + "\n"

  static let mixedOutput =
    [
      outputHeader,
      "C1,H1,1,70,,,,5,1,,A01,,100,grouped,MDCA,A1,A11,\"old, with comma\",,",
      "C2,H1,2,30,,,,5,1,,\"A02|Z01\",,200,grouped,MDCA,A1,A13,young,,",
      "C3,H1,1,30,,,,5,1,,Z99,,300," + ungroupableColumns,
      "C4,H1,,30,,,,5,1,,A01,,400,invalid,,,,,sex must be 1 (male) or 2 (female),",
      "C5,H1,1,30" + String(repeating: ",", count: 9)
        + ",invalid,,,,,line 6: 4 fields where the header has 13,",
      "C6,H1,1,30,,,,5,1,,A01,,500,invalid,,,,,line 7: 14 fields where the header has 13; extra fields: extra,",
      "\"C7,H1,1,30,,,,5,1,,\"\"A01,,600\"" + String(repeating: ",", count: 12)
        + ",invalid,,,,,line 8: unterminated quoted field starting at column 20; close the quote,",
      "C8,H1,男,70,,,,5,1,,A01,,700,grouped,MDCA,A1,A11,\"old, with comma\",,",
      "C9,H1,女,30,,,,5,1,,A01,,800,grouped,MDCA,A1,A13,young,,",
    ].joined(separator: "\n") + "\n"

  @Test func everyRowIsWrittenInOrder() throws {
    let (output, _) = try group(Self.mixedInput, scheme: fileScheme())
    #expect(output == Self.mixedOutput)
  }

  @Test func outputRowsAlignWithTheHeader() throws {
    let (output, _) = try group(Self.mixedInput, scheme: fileScheme())
    let records = parseAll(output)
    #expect(records.count == 10)
    for record in records {
      #expect(record.fields.count == 20, "\(record)")
    }
    // The unreadable row keeps its text in the first column.
    #expect(records[7].fields[0] == "C7,H1,1,30,,,,5,1,,\"A01,,600")
  }

  @Test func summaryReconciles() throws {
    let (_, summary) = try group(Self.mixedInput, scheme: fileScheme())
    #expect(summary.rowsRead == 9)
    #expect(summary.rowsWritten == 9)
    #expect(summary.byStatus.reduce(0, +) == 9)
    #expect(summary.count(.grouped) == 4)
    #expect(summary.count(.ambiguous) == 0)
    #expect(summary.count(.ungroupable) == 1)
    #expect(summary.count(.invalid) == 4)
    #expect(summary.unreadableRows == 3)
    #expect(summary.blankLines == 0)
    #expect(summary.bytesRead == Self.mixedInput.utf8.count)
    #expect(
      summary.description
        == "9 rows read, 9 written: 4 grouped, 0 ambiguous, 1 ungroupable, 4 invalid (3 unreadable CSV rows among the invalid)"
    )
  }

  @Test func columnsInAnyOrderAndExtraColumnsPassThrough() throws {
    let input = [
      "note,diagnoses,age,sex,extra",
      #""a, ""b""",A01,70,1,x"#,
      #"n2,"A02|Z01",30,2,"#,
      "n3,Z99,30,1,\t",
    ].joined(separator: "\n")
    let (output, summary) = try group(input, scheme: fileScheme())
    let expected =
      [
        "note,diagnoses,age,sex,extra,status,mdc,adrg,drg,drg_name,reason,warnings",
        #""a, ""b""",A01,70,1,x,grouped,MDCA,A1,A11,"old, with comma",,"#,
        #"n2,"A02|Z01",30,2,,grouped,MDCA,A1,A13,young,,"#,
        "n3,Z99,30,1,\t,\(ungroupableColumns)",
      ].joined(separator: "\n") + "\n"
    #expect(output == expected)
    #expect(summary.rowsRead == 3)
  }

  @Test func crlfBlankLinesAndMultiLineFields() throws {
    let input =
      "sex,age,diagnoses,note\r\n\r\n1,70,A01,\"two\r\nlines\"\r\n\r\n1,30\r\n2,30,A02,x\r\n"
    let (output, summary) = try group(input, scheme: fileScheme())
    let expected =
      [
        "sex,age,diagnoses,note,status,mdc,adrg,drg,drg_name,reason,warnings",
        "1,70,A01,\"two\r\nlines\",grouped,MDCA,A1,A11,\"old, with comma\",,",
        "1,30,,,invalid,,,,,line 6: 2 fields where the header has 4,",
        "2,30,A02,x,grouped,MDCA,A1,A13,young,,",
      ].joined(separator: "\n") + "\n"
    #expect(output == expected)
    #expect(summary.rowsRead == 3)
    #expect(summary.blankLines == 2)
  }

  @Test func byteOrderMarkIsNotPartOfTheHeader() throws {
    let input = "\u{FEFF}sex,age,diagnoses\n1,70,A01\n"
    let (output, _) = try group(input, scheme: fileScheme())
    #expect(output.hasPrefix("sex,age,diagnoses,status"))
  }

  @Test func textAfterClosingQuote() throws {
    let input = "sex,age,diagnoses\n1,70,\"A01\"x\n1,70,A01\n"
    let (output, summary) = try group(input, scheme: fileScheme())
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      lines[1]
        == "\"1,70,\"\"A01\"\"x\",,,invalid,,,,,\"line 2, column 11: text after a closing quote; quote the whole field\","
    )
    #expect(lines[2] == "1,70,A01,grouped,MDCA,A1,A11,\"old, with comma\",,")
    #expect(summary.unreadableRows == 1)
  }

  @Test func inputCheckReasonsAreQuotedWhenNeeded() throws {
    let input = "sex,age,age_days,diagnoses\n1,0,3,A01\n"
    let (output, _) = try group(input, scheme: fileScheme())
    #expect(
      output.hasSuffix(
        "1,0,3,A01,invalid,,,,,\"newborn (age 0, at most 28 days) without birth weight (weight); give the weight in grams\",\n"
      ))
  }

  /// A header alone is refused like an empty file (README, "Files"), after the header's
  /// columns were checked.
  @Test func headerOnly() throws {
    #expect {
      _ = try group("sex,age,diagnoses\n\n", scheme: fileScheme())
    } throws: { error in
      (error as? RecordError)?.message
        == "the file has a header but no rows; give at least one row"
        && (error as? RecordError)?.line == 2
    }
  }

  @Test func lastRowWithoutNewline() throws {
    let (output, _) = try group("sex,age,diagnoses\n1,70,A01", scheme: fileScheme())
    #expect(output.hasSuffix("\n1,70,A01,grouped,MDCA,A1,A11,\"old, with comma\",,\n"))
  }
}

@Suite("File grouping: rejected inputs")
struct FileGroupingRejectionTests {
  static let canonical =
    "the canonical header is case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost"
  static let hint =
    "; Chinese export headers are recognised too (drg columns lists them), and --columns maps any others"

  @Test func missingRequiredColumn() throws {
    let (error, path) = try #require(try recordError("case_id,sex,age,dx\nC1,1,40,A01\n"))
    #expect(
      error
        == RecordError(
          file: path, line: 1,
          message: "header lacks required column diagnoses (主要诊断编码); \(Self.canonical)\(Self.hint)")
    )
  }

  @Test func missingRequiredColumns() throws {
    let (error, _) = try #require(try recordError("age\n40\n"))
    #expect(
      error.message
        == "header lacks required columns sex (性别), diagnoses (主要诊断编码); \(Self.canonical)\(Self.hint)"
    )
  }

  @Test func inputThatLooksLikeOutput() throws {
    let (error, path) = try #require(
      try recordError("sex,age,diagnoses,status\n1,40,A01,grouped\n"))
    #expect(
      error.description
        == "\(path):1: the input already has the column status that drg group appends; it looks like grouped output: group the original case file, or drop those columns"
    )
    let (both, _) = try #require(try recordError("sex,age,diagnoses,drg, status \n"))
    #expect(both.message.hasPrefix("the input already has the columns status, drg that"))
  }

  @Test func repeatedColumn() throws {
    let (error, _) = try #require(try recordError("sex,age,diagnoses,SEX\n"))
    #expect(error.message.contains("appears twice in the header (columns 1 and 4)"))
  }

  @Test(arguments: ["", "\n\n", "\u{FEFF}"])
  func emptyFile(_ input: String) throws {
    let (error, path) = try #require(try recordError(input))
    #expect(
      error == RecordError(file: path, line: 1, message: "the file is empty; expected a header row")
    )
  }

  @Test func headerWithBrokenQuote() throws {
    let (error, _) = try #require(try recordError("sex,\"age,diagnoses\n1,40,A01\n"))
    #expect(error.line == 1)
    #expect(
      error.message
        == "header: line 1: unterminated quoted field starting at column 5; close the quote")
  }

  @Test func missingInputFile() throws {
    let directory = try TemporaryDirectory()
    #expect(throws: FileError.self) {
      try FileGrouping(scheme: fileScheme()).run(
        input: directory.file("absent.csv"), output: directory.file("out.csv"))
    }
  }
}

@Suite("File grouping: chunks and threads")
struct FileGroupingChunkTests {
  /// 542 rows mixing every kind of record, 60 blank lines and quoted line breaks.
  static let input: String = {
    var lines = ["case_id,sex,age,diagnoses,note"]
    for index in 0..<600 {
      switch index % 10 {
      case 0: lines.append("R\(index),1,\(40 + index % 50),A01,\"multi\nline \(index)\"")
      case 1: lines.append("R\(index),2,\(40 + index % 50),\"A02|Z01\",\"quote \"\"\(index)\"\"\"")
      case 2: lines.append("R\(index),1,30")
      case 3: lines.append("R\(index),1,30,A01,\"x\"\"y\"")
      case 4: lines.append("")
      case 5: lines.append("R\(index),,30,A01,x")
      case 6: lines.append("R\(index),1,30,Z99,\"a,b\"\r")
      case 7: lines.append("R\(index),1,x,A01,plain")
      default: lines.append("R\(index),1,\(40 + index % 50),A02,plain")
      }
    }
    // An unterminated quote swallows every line up to the next quote, so it comes last.
    lines.append("R600,1,30,A01,\"broken")
    lines.append("R601,1,30,A01,tail")
    return lines.joined(separator: "\n") + "\n"
  }()

  @Test(arguments: [(1, 16), (2, 37), (4, 100), (3, 1 << 20)])
  func outputDoesNotDependOnThreadsOrBlockSize(_ threads: Int, _ blockSize: Int) throws {
    let scheme = try fileScheme()
    let reference = try group(Self.input, scheme: scheme) {
      $0.threads = 1
      $0.blockSize = 1 << 22
    }
    let chunked = try group(Self.input, scheme: scheme) {
      $0.threads = threads
      $0.blockSize = blockSize
    }
    #expect(chunked.output == reference.output)
    var summary = chunked.summary
    summary.seconds = reference.summary.seconds
    // The same header, read from another temporary file.
    summary.columns = reference.summary.columns
    #expect(summary == reference.summary)
    #expect(reference.summary.rowsRead == 542)
    #expect(reference.summary.count(.grouped) == 301)
    #expect(reference.summary.count(.ungroupable) == 60)
    #expect(reference.summary.count(.invalid) == 181)
    #expect(reference.summary.unreadableRows == 61)
    #expect(reference.summary.blankLines == 60)
  }

  /// A record with text after a closing quote must stay one (invalid) row wherever the
  /// block boundary falls.
  @Test(arguments: [16, 20, 24])
  func textAfterClosingQuoteAcrossChunks(_ blockSize: Int) throws {
    let input = "sex,age,diagnoses\n1,40,\"A01\"yyyyyyyyyyyyyyyyyyyy\n1,40,A01\n"
    let (output, summary) = try group(input, scheme: fileScheme()) {
      $0.threads = 1
      $0.blockSize = blockSize
    }
    do {
      #expect(summary.rowsRead == 2)
      #expect(
        output
          == "sex,age,diagnoses,status,mdc,adrg,drg,drg_name,reason,warnings\n"
          + "\"1,40,\"\"A01\"\"yyyyyyyyyyyyyyyyyyyy\",,,invalid,,,,,"
          + "\"line 2, column 11: text after a closing quote; quote the whole field\",\n"
          + "1,40,A01,grouped,MDCA,A1,A13,young,,\n")
    }
  }

  @Test(arguments: [16, 1 << 20])
  func lineNumbersAcrossChunks(_ blockSize: Int) throws {
    var input = "sex,age,diagnoses\n"
    for _ in 0..<200 { input += "1,40,A01\n" }
    input += "\n1,40\n"
    let (output, _) = try group(input, scheme: fileScheme()) {
      $0.threads = 2
      $0.blockSize = blockSize
    }
    #expect(output.hasSuffix("\n1,40,,invalid,,,,,line 203: 2 fields where the header has 3,\n"))
  }
}
