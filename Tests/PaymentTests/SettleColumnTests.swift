import DRGTestSupport
import Foundation
import Testing

/// `drg settle` reads the same column names as every other command, and stops when a rule
/// of the policy has no column to work on instead of silently changing no case.
@Suite("drg settle columns and refusals")
struct SettleColumnTests {
  static let weights = SettleCommandTests.weights

  func settle(_ grouped: String, policy: String, _ extra: [String] = []) throws -> (
    CommandRun, String
  ) {
    let dir = try TemporaryDirectory()
    let input = try dir.write(grouped, name: "grouped.csv")
    let weights = try dir.write(Self.weights, name: "weights.csv")
    let policyPath = try dir.write(policy, name: "p.json")
    let out = dir.path + "/out"
    let run = CommandRun(
      ["settle", input, "--policy", policyPath, "--weights", weights, "-o", out] + extra)
    let cases = (try? String(contentsOfFile: out + "/cases.csv", encoding: .utf8)) ?? ""
    return (run, cases)
  }

  static let off = #""readmission": {"enabled": false}"#

  /// Pools by insurance with a 险种类型 column: each case finds its pool.
  @Test func poolsReadTheSettlementListInsuranceColumn() throws {
    let (run, cases) = try settle(
      """
      病案号,定点医疗机构代码,医疗费总额,险种类型,status,drg
      c1,H1,1000,310,grouped,A
      c2,H2,1000,390,grouped,A

      """,
      policy:
        #"{\#(Self.off), "pools": [{"name": "employee", "budget": 100, "insurance": ["310"]}, {"name": "resident", "budget": 100, "insurance": ["390"]}]}"#
    )
    #expect(run.status == 0, "\(run.error)")
    #expect(cases.contains("c1,H1,employee,A,normal"), "\(cases)")
    #expect(cases.contains("c2,H2,resident,A,normal"), "\(cases)")
    #expect(run.error.contains("hospital_id ← 定点医疗机构代码"), "\(run.error)")
    #expect(run.error.contains("insurance ← 险种类型"), "\(run.error)")
  }

  @Test func poolsWithoutAnInsuranceColumnStopTheRun() throws {
    let (run, cases) = try settle(
      SettleCommandTests.grouped,
      policy:
        #"{\#(Self.off), "pools": [{"name": "employee", "budget": 100, "insurance": ["310"]}]}"#)
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "the insurance pools of policy 'policy' (employee) needs the column insurance (险种类型)"),
      "\(run.error)")
    #expect(cases.isEmpty)
  }

  @Test func readmissionWithoutPatientOrDatesStopsTheRun() throws {
    let (run, _) = try settle(SettleCommandTests.grouped, policy: #"{"budget": 100}"#)
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "the readmission rule of policy 'policy' needs the columns patient_id (患者编号), admit_date (入院日期), discharge_date (出院日期)"
      ), "\(run.error)")
    #expect(run.error.contains(#"turn it off with "readmission": {"enabled": false}"#))
    // 医保编号 is a patient id for settle as for audit.
    let (named, _) = try settle(
      """
      case_id,hospital_id,total_cost,status,drg,医保编号,入院日期,出院日期
      c1,H1,1000,grouped,A,P1,2024-01-01,2024-01-05
      c2,H1,1000,grouped,A,P1,2024-01-10,2024-01-12

      """, policy: #"{"budget": 100}"#)
    #expect(named.status == 0, "\(named.error)")
    #expect(named.error.contains("patient_id ← 医保编号"), "\(named.error)")
  }

  @Test func singleDiseaseByDiagnosisWithoutDiagnosesStopsTheRun() throws {
    let (run, _) = try settle(
      SettleCommandTests.grouped,
      policy:
        #"{\#(Self.off), "budget": 100, "singleDisease": [{"name": "appendicitis", "diagnoses": ["K35"], "points": 80}]}"#
    )
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "single disease 'appendicitis' of policy 'policy' (by diagnosis or procedure) needs the column diagnoses (主要诊断编码)"
      ), "\(run.error)")
    // From 主要诊断代码 columns the rule finds its case.
    let (found, cases) = try settle(
      """
      case_id,hospital_id,total_cost,status,drg,主要诊断代码,其他诊断疾病代码1
      c1,H1,1000,grouped,A,K35.800,I10.x00
      c2,H1,1000,grouped,A,I10.x00,K35.800

      """,
      policy:
        #"{\#(Self.off), "budget": 100, "singleDisease": [{"name": "appendicitis", "diagnoses": ["K35"], "points": 80}]}"#
    )
    #expect(found.status == 0, "\(found.error)")
    #expect(cases.contains("c1,H1,all,A,single_disease"), "\(cases)")
    #expect(cases.contains("c2,H1,all,A,normal"), "\(cases)")
  }

  @Test func monthsWithoutADischargeDateStopTheRun() throws {
    let (run, _) = try settle(
      SettleCommandTests.grouped, policy: #"{\#(Self.off), "budget": 100}"#, ["--period", "month"])
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "monthly settlement (--period month) needs the column discharge_date (出院日期)"),
      "\(run.error)")
    #expect(run.error.contains("settle the year with --period year"))
  }
}

extension SettleColumnTests {
  /// The weights have A and B; C is grouped without a weight: 3 of 4 grouped cases.
  @Test func weightCoverageIsPrinted() throws {
    let grouped = """
      case_id,hospital_id,total_cost,status,drg
      c1,H1,1000,grouped,A
      c2,H1,2000,grouped,B
      c3,H2,1000,grouped,A
      c4,H2,1000,grouped,C
      c5,H2,500,ungroupable,

      """
    let (run, _) = try settle(grouped, policy: #"{\#(Self.off), "budget": 100}"#)
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("3 of 4 grouped cases (75.00 %) — WARNING"), "\(run.error)")
    let (strict, _) = try settle(
      grouped, policy: #"{\#(Self.off), "budget": 100}"#, ["--min-weight-coverage", "80%"])
    #expect(strict.status == 65, "\(strict.error)")
  }
}

extension SettleColumnTests {
  /// Levels from the hospitals file feed the coefficients by level: H1 level A (1.2), H2
  /// level B (0.8). c1 (H1, A, normal) = 100 × 1.2 = 120.00; c3 (H2, A) = 100 × 0.8 = 80.00.
  @Test func hospitalsFileGivesLevelsAndNames() throws {
    let dir = try TemporaryDirectory()
    let hospitals = try dir.write(
      "hospital_id,name,level\nH1,市第一人民医院,A\nH2,县医院,B\n", name: "hospitals.csv")
    let policy =
      #"{\#(Self.off), "budget": 1000, "coefficients": {"byLevel": {"A": 1.2, "B": 0.8}}}"#
    let (run, cases) = try settle(
      SettleCommandTests.grouped, policy: policy, ["--hospitals", hospitals])
    #expect(run.status == 0, "\(run.error)")
    #expect(cases.contains("c1,H1,all,A,normal,120.00,"), "\(cases)")
    #expect(cases.contains("c3,H2,all,A,normal,80.00,"), "\(cases)")
    // Names end each row: the DRG's (from the weights file: the grouped file has no
    // drg_name), then the hospital's.
    #expect(
      cases.hasPrefix(
        "case_id,hospital_id,pool,drg,category,points,payment,self_pay,fund_payment,reason,drg_name,hospital_name\n"
      ))
    #expect(cases.contains(",Group A,市第一人民医院\n"))
    #expect(cases.contains(",Group A,县医院\n"), "\(cases)")
    // A level the policy gives differently is refused, naming the line.
    let clash =
      #"{\#(Self.off), "budget": 1000, "coefficients": {"byLevel": {"A": 1.2, "B": 0.8}, "levels": {"H2": "A"}}}"#
    let (refused, _) = try settle(
      SettleCommandTests.grouped, policy: clash, ["--hospitals", hospitals])
    #expect(refused.status == 65)
    #expect(
      refused.error.contains("hospitals.csv:3: hospital H2 has level 'B' here but 'A'"),
      "\(refused.error)")
    // A hospital of the data missing from the file is refused.
    let partial = try dir.write("hospital_id,name,level\nH1,市第一人民医院,A\n", name: "partial.csv")
    let (unknown, _) = try settle(
      SettleCommandTests.grouped, policy: policy, ["--hospitals", partial])
    #expect(unknown.status == 65)
    #expect(
      unknown.error.contains("hospital_id 'H2' not in the hospitals file"), "\(unknown.error)")
  }
}
