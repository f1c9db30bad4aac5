import Foundation

/// libFuzzer harness `rules`: the input bytes are a rule text. It is lexed and parsed; a
/// syntax error must name a column inside the text (or just past its end) and say what was
/// expected. A rule that parses is compiled against the demo scheme's lists, the way scheme
/// loading compiles `mdc.csv` / `adrg.csv` / `drg.csv` rules, and evaluated for a few cases;
/// `not RULE` must evaluate to the opposite of `RULE` for each of them.
enum RulesHarness {
  static func run(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let expression: RuleExpression
    do {
      expression = try RuleParser.parse(text)
    } catch {
      let columns = text.unicodeScalars.count + 1
      FuzzSupport.require(
        error.column >= 1 && error.column <= columns, "column \(error.column) of \(columns - 1)")
      FuzzSupport.require(!error.message.isEmpty, "a syntax error without a message")
      return
    }
    RuleCheck.compileAndEvaluate(expression)
  }
}

/// Compiles a parsed rule against the demo scheme and evaluates it.
enum RuleCheck {
  static let scheme = FuzzSupport.demoScheme

  /// Cases to evaluate: nothing known; an adult with codes of the demo lists; a newborn.
  static let cases: [(fields: CaseFields, diagnoses: [UInt32], procedures: [UInt32])] = {
    var adult = CaseFields()
    adult.sex = 1
    adult.age = 67
    adult.los = 24
    adult.leaving = 1
    adult.icuHours = 410
    adult.department = CaseFields.otherDepartment
    var newborn = CaseFields()
    newborn.sex = 2
    newborn.age = 0
    newborn.ageDays = 3
    newborn.weight = 1400
    newborn.weightGiven = true
    let adultDiagnoses = ["J96.000", "J18.900", "I50.900"].map { scheme.row(of: $0) }
    let adultProcedures = ["31.1x00", "96.7200", "33.2200"].map { scheme.row(of: $0) }
    let newbornDiagnoses = ["P07.000", "P22.000"].map { scheme.row(of: $0) }
    return [
      (CaseFields(), [], []), (adult, adultDiagnoses, adultProcedures),
      (newborn, newbornDiagnoses, []),
    ]
  }()

  static func compileAndEvaluate(_ expression: RuleExpression) {
    var program = RuleProgram()
    var departments = ByteInterner()
    let resolver = RuleProgram.Resolver(
      list: { (reference) throws(SchemeError) -> Int32 in
        guard let id = scheme.listIDs[reference.label] else {
          throw SchemeError(.unknownList(reference.name), file: "fuzz", line: 1)
        }
        return id
      },
      tagTable: { (reference) throws(SchemeError) -> Int32 in
        guard let id = scheme.tagTableNames.firstIndex(of: reference.name) else {
          throw SchemeError(.unknownList(reference.name), file: "fuzz", line: 1)
        }
        return Int32(id)
      },
      department: { departments.intern($0) })
    let root: Int32
    let negated: Int32
    do {
      root = try program.compile(expression, resolver: resolver)
      negated = try program.compile(.not(expression), resolver: resolver)
    } catch {
      FuzzSupport.require(error.line == 1, "compile error without the line: \(error)")
      return
    }
    let tables = GroupingTables(
      program: program, membership: scheme.membership, complications: scheme.complications,
      mdcs: [], adrgs: [], drgs: [], tagTables: scheme.tagTables,
      retryWithEachOtherProcedure: false, codes: scheme.codes, departmentCodes: departments)
    for (fields, diagnoses, procedures) in cases {
      diagnoses.withUnsafeBufferPointer { dx in
        procedures.withUnsafeBufferPointer { px in
          let codes = CaseCodes(diagnoses: dx, procedures: px)
          var context = RuleContext(fields: fields, codes: codes)
          let value = tables.evaluate(root, &context)
          var fresh = RuleContext(fields: fields, codes: codes)
          let opposite = tables.evaluate(negated, &fresh)
          FuzzSupport.require(value != opposite, "RULE and not RULE both \(value)")
        }
      }
    }
  }
}
