import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// A scheme directory written from string literals. Every table starts with its header
/// only, so a test writes just the rows it needs; `scheme.json` names a scheme `test`.
struct SchemeFixture {
  var manifest = #"{"formatVersion": 1, "id": "test", "name": "Test scheme"}"#
  var mdc = "order,mdc,name,rule\n"
  var adrg = "mdc,order,adrg,name,rule\n"
  var drg = "adrg,order,drg,name,rule\n"
  var lists = "list,code,tag\n"
  var cc = "code,level,exclusion\n"
  var ccExclusion = "code,exclusion\n"
  var dxNames = "code,name\n"
  var procNames = "code,name\n"
  /// Further files (`dx_map.csv`, …) by name.
  var extraFiles: [String: String] = [:]
  /// Files of the standard set not to write at all.
  var omitted: Set<String> = []

  /// The standard files by name.
  var files: [String: String] {
    var files = [
      "scheme.json": manifest, "mdc.csv": mdc, "adrg.csv": adrg, "drg.csv": drg,
      "lists.csv": lists, "cc.csv": cc, "cc_exclusion.csv": ccExclusion,
      "dx_names.csv": dxNames, "proc_names.csv": procNames,
    ]
    for name in omitted { files[name] = nil }
    files.merge(extraFiles) { $1 }
    return files
  }

  /// Writes the files into `directory`.
  func write(to directory: TemporaryDirectory) throws {
    for (name, text) in files { try directory.write(text, name: name) }
  }

  /// Writes the scheme into a fresh temporary directory and loads it.
  func load() throws -> Scheme {
    let directory = try TemporaryDirectory()
    try write(to: directory)
    return try Scheme(directory: directory.path)
  }

  /// The error loading the scheme throws, or `nil` (recorded as a test issue) when it loads.
  func loadError(sourceLocation: SourceLocation = #_sourceLocation) throws -> SchemeError? {
    let directory = try TemporaryDirectory()
    try write(to: directory)
    do {
      _ = try Scheme(directory: directory.path)
    } catch {
      return error
    }
    Issue.record("the scheme loaded, but an error was expected", sourceLocation: sourceLocation)
    return nil
  }

  /// A scheme whose only MDC, ADRG and DRG hold for every case, with one list `L` holding
  /// `L01`: every valid case groups to `MDCX`, `X1`, `X11`.
  static var catchAll: SchemeFixture {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCX,X,true\n"
    fixture.adrg += "MDCX,1,X1,X one,true\n"
    fixture.drg += "X1,1,X11,X one one,true\n"
    fixture.lists += "L,L01,\n"
    return fixture
  }

  /// A scheme for probing one rule: MDC `MDCX` and ADRG `X1` hold for every case; DRG
  /// `X1Y` has `rule` and DRG `X1N` (tried next) is `true`. `lists` rows are added to
  /// `lists.csv`, `cc`/`exclusions` rows to `cc.csv`/`cc_exclusion.csv`.
  static func probe(
    _ rule: String, lists: String = "", cc: String = "", exclusions: String = ""
  ) -> SchemeFixture {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCX,X,true\n"
    fixture.adrg += "MDCX,1,X1,X one,true\n"
    fixture.drg += "X1,1,X1Y,rule holds,\(csvField(rule))\nX1,2,X1N,rule fails,true\n"
    fixture.lists += lists
    fixture.cc += cc
    fixture.ccExclusion += exclusions
    return fixture
  }
}

/// `text` as one CSV field, quoted when it needs to be.
func csvField(_ text: String) -> String {
  guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
    return text
  }
  return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Loads `SchemeFixture.probe(rule, …)` and tells whether `rule` holds for each case.
struct RuleProbe {
  let scheme: Scheme

  init(_ rule: String, lists: String = "", cc: String = "", exclusions: String = "") throws {
    scheme = try SchemeFixture.probe(rule, lists: lists, cc: cc, exclusions: exclusions).load()
  }

  /// Whether the rule holds for `record`; records an issue when the case does not group.
  func holds(_ record: DischargeCase, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let outcome = scheme.group(record)
    #expect(outcome.status == .grouped, "\(outcome)", sourceLocation: sourceLocation)
    return outcome.drg == "X1Y"
  }
}

/// A valid adult case (male, 40 years) with the given codes and fields.
func adult(
  _ diagnoses: [String], procedures: [String] = [], sex: Int = 1, age: Double = 40,
  department: String? = nil, lengthOfStay: Double? = nil, leaving: Double? = nil,
  icuHours: Double? = nil
) -> DischargeCase {
  DischargeCase(
    sex: sex, age: age, department: department, lengthOfStay: lengthOfStay, leaving: leaving,
    icuHours: icuHours, diagnoses: diagnoses, procedures: procedures)
}

extension GroupingOutcome {
  /// `status mdc adrg drg`, for compact expectations.
  var codes: String { "\(status) \(mdc) \(adrg) \(drg)" }
}

/// One record as the CSV parser saw it.
struct ParsedRecord: Equatable, CustomStringConvertible {
  var line: Int
  var fields: [String]
  var problem: CSVRowProblem?

  init(line: Int, fields: [String], problem: CSVRowProblem? = nil) {
    self.line = line
    self.fields = fields
    self.problem = problem
  }

  var description: String {
    "line \(line): \(fields)" + (problem.map { " (\($0))" } ?? "")
  }
}

/// Every record of `bytes` parsed by ``CSVRecordParser`` in one buffer, with line numbers
/// counted from the parser's `linesConsumed` (no blank-line skipping).
func parseAll(_ bytes: [UInt8]) -> [ParsedRecord] {
  var records: [ParsedRecord] = []
  bytes.withUnsafeBufferPointer { buffer in
    var parser = CSVRecordParser()
    var offset = 0
    var line = 1
    while offset < buffer.count {
      guard let next = parser.parse(buffer, from: offset, line: line, isFinal: true) else {
        Issue.record("parse returned nil with isFinal")
        return
      }
      let fields = (0..<parser.fields.count).map { parser.string($0, in: buffer) }
      records.append(ParsedRecord(line: line, fields: fields, problem: parser.problem))
      line += parser.linesConsumed
      offset = next
    }
  }
  return records
}

func parseAll(_ text: String) -> [ParsedRecord] { parseAll(Array(text.utf8)) }

/// Every record of the file at `path` read by ``CSVReader`` with `blockSize`.
func readAll(path: String, blockSize: Int = 1 << 22) throws -> (
  records: [ParsedRecord], blankLines: Int
) {
  let reader = try CSVReader(path: path, blockSize: blockSize)
  var records: [ParsedRecord] = []
  while try reader.next() {
    let parser = reader.parser
    let fields = (0..<parser.fields.count).map { parser.string($0, in: reader.bytes) }
    records.append(ParsedRecord(line: reader.line, fields: fields, problem: parser.problem))
  }
  return (records, reader.blankLines)
}

/// Groups one CSV data row (fields in the order of `header`) the way `drg group` reads it:
/// ``CSVRecordParser``, then ``CaseRecordParser``. The row is the whole buffer, so its
/// last field ends the input.
func groupCSVRow(
  _ row: String, header: [String], scheme: Scheme,
  sourceLocation: SourceLocation = #_sourceLocation
) throws -> GroupingOutcome {
  let columns = try CaseColumns(header: header, file: "cases.csv")
  var cases = CaseRecordParser(columns: columns, scheme: scheme)
  let bytes = Array(row.utf8)
  return bytes.withUnsafeBufferPointer { buffer in
    var csv = CSVRecordParser()
    _ = csv.parse(buffer, from: 0, line: 2, isFinal: true)
    #expect(csv.fields.count == columns.count, sourceLocation: sourceLocation)
    cases.parse(csv, in: buffer)
    return scheme.outcome(cases.grouped(by: scheme.tables))
  }
}

/// The package root, found from this file's path (`Tests/DRGKitTests/TestSupport.swift`).
let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

// Expectation failures print their operands; a whole scheme is megabytes of tables.
extension Scheme: CustomTestStringConvertible {
  public var testDescription: String { "Scheme(\(manifest.id) at \(directory))" }
}

extension RuleProbe: CustomTestStringConvertible {
  var testDescription: String { "RuleProbe(\(scheme.drgs.first?.entry.ruleText ?? ""))" }
}
