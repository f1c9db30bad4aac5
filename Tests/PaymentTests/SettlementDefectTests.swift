import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The defects found by the independent check of `drg settle` (issue 18, item 1), each with
/// a hand-worked case.
@Suite("Settlement defects fixed")
struct SettlementDefectTests {
  static func stay(
    _ id: String, _ drg: String, _ admit: Int, _ discharge: Int, status: String = "grouped",
    patient: String = "P1"
  ) -> SettlementCase {
    var item = SettlementCase(caseID: id, hospital: "H1", drg: drg, cost: 10_000, status: status)
    item.patientID = patient
    item.admitDay = admit
    item.dischargeDay = discharge
    return item
  }

  /// Two unrelated ungroupable stays of one patient (DRG "0000" as some groupers write, or
  /// none) 5 days apart: neither is halved. Ungroupable: cost 10 000 / mean 10 000 × 100
  /// = 100 points each. An ambiguous and an invalid stay are never "the same DRG" either.
  @Test func ungroupableStaysAreNeverTheSameDRG() throws {
    let pricing = try Example.pricing()
    let cases = [
      Self.stay("u1", "0000", 10, 12, status: "ungroupable"),
      Self.stay("u2", "0000", 17, 20, status: "ungroupable"),
      Self.stay("a1", "A", 40, 42, status: "ambiguous"),
      Self.stay("a2", "A", 45, 47, status: "ambiguous"),
    ]
    var prices = cases.map { pricing.price($0) }
    pricing.applyReadmission(cases, &prices)
    #expect(prices.map(\.points) == [100, 100, 100, 100])
    #expect(prices.allSatisfy { !$0.reason.contains("readmitted") })
  }

  /// A grouped stay in A followed by an ungroupable one within the window: not a
  /// readmission to A (the later stay has no DRG of its own).
  @Test func aLaterUngroupableStayDoesNotHalve() throws {
    let pricing = try Example.pricing()
    let cases = [Self.stay("x1", "A", 10, 12), Self.stay("x2", "A", 15, 18, status: "ungroupable")]
    var prices = cases.map { pricing.price($0) }
    pricing.applyReadmission(cases, &prices)
    #expect(prices[0].points == 100)
  }

  /// X → Y → X: A discharged day 12, B admitted 14, A admitted 20 (8 days after the first
  /// discharge, within 15): the first A stay is halved 100 → 50; B and the second A keep
  /// theirs (B 250: RW 2.5 × 100, cost 10 000 / 25 000 = 0.4× ≥ 0.3 so not low).
  /// A third A stay 30 days after the second's discharge does not halve the second.
  @Test func everyEarlierStayWithinTheWindowIsCompared() throws {
    let pricing = try Example.pricing()
    let cases = [
      Self.stay("x1", "A", 10, 12), Self.stay("y1", "B", 14, 16), Self.stay("x2", "A", 20, 22),
      Self.stay("x3", "A", 52, 54),
      // Another patient's A stay in between changes nothing.
      Self.stay("o1", "A", 13, 13, patient: "P2"),
    ]
    var prices = cases.map { pricing.price($0) }
    pricing.applyReadmission(cases, &prices)
    #expect(prices.map(\.points) == [50, 250, 100, 100, 100])
    #expect(prices[0].reason.contains("(case x2)"), "\(prices[0].reason)")
  }

  /// A → A → A, each back 3 days after the last discharge: the first two halved once each
  /// (50, 50), the last kept (100); the first is not halved twice although two later stays
  /// fall in its window (admitted days 15 and 25, discharge 12: 3 and 13 days).
  @Test func aStayIsHalvedOnce() throws {
    let pricing = try Example.pricing()
    let cases = [
      Self.stay("a1", "A", 10, 12), Self.stay("a2", "A", 15, 22), Self.stay("a3", "A", 25, 26),
    ]
    var prices = cases.map { pricing.price($0) }
    pricing.applyReadmission(cases, &prices)
    #expect(prices.map(\.points) == [50, 50, 100])
  }

  static func problems(_ change: (inout SettlementPolicy) -> Void) -> [String] {
    var policy = Example.policy()
    change(&policy)
    return policy.problems()
  }

  @Test func negativeCoefficientsAreRefusedByField() {
    #expect(
      Self.problems { $0.coefficients.hospitals = ["H001": -0.9] }
        == ["coefficients.hospitals.H001 must be ≥ 0, found -0.9"])
    #expect(
      Self.problems { $0.coefficients.byLevel = ["3": -1] }
        == ["coefficients.byLevel.3 must be ≥ 0, found -1"])
    #expect(
      Self.problems { $0.coefficients.default = -0.5 }.first?.contains("coefficients.default")
        == true)
    #expect(Self.problems { $0.basePoints = ["A": -3] } == ["basePoints.A must be ≥ 0, found -3"])
  }

  @Test func everyFloorAboveItsCapIsRefused() {
    #expect(
      Self.problems {
        $0.coefficients.floor = 1.2
        $0.coefficients.cap = 0.8
      } == ["coefficients.floor 1.2 is above coefficients.cap 0.8"])
    #expect(
      Self.problems {
        $0.pointValue.floor = 12
        $0.pointValue.cap = 10
      } == ["pointValue.floor 12 is above pointValue.cap 10"])
    #expect(
      Self.problems {
        $0.pointValue.floorOfNominal = 1.1
        $0.pointValue.capOfNominal = 0.9
      } == ["pointValue.floorOfNominal 1.1 is above pointValue.capOfNominal 0.9"])
  }

  @Test func overlappingSegmentsAndPoolsAreRefused() {
    let segments = Self.problems {
      $0.perDiem = [
        .init(
          name: "rehab", drgs: ["A"], adrgs: [],
          segments: [
            .init(fromDay: 1, toDay: 30, pointsPerDay: 20),
            .init(fromDay: 30, toDay: nil, pointsPerDay: 10),
          ])
      ]
    }
    #expect(segments == ["perDiem[0] 'rehab'.segments[0] and [1] overlap: day 30 is in both"])
    let pools = Self.problems {
      $0.budget = nil
      $0.pools = [
        .init(name: "employee", budget: 10, insurance: ["employee", "retired"]),
        .init(name: "resident", budget: 10, insurance: ["resident", "retired"]),
      ]
    }
    #expect(
      pools == [
        "pools[1] 'resident'.insurance: 'retired' is also in pool 'employee'; a value belongs to one pool"
      ])
  }

  @Test func policyFileErrorsNameTheField() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write(
      #"{"budget": 100, "coefficients": {"hospitals": {"H9": -1}}, "pointValue": {"floor": 3, "cap": 2}}"#,
      name: "p.json")
    #expect {
      _ = try SettlementPolicy.load(path: path)
    } throws: { error in
      let text = "\(error)"
      return text.contains("coefficients.hospitals.H9 must be ≥ 0")
        && text.contains("pointValue.floor 3 is above pointValue.cap 2")
    }
  }

  /// Row 3 (line 3 of the file) has cost `12,5`… quoted, not a number: its reason names the
  /// line and the text; row 4's empty cost says it is empty.
  @Test func aBadCostNamesItsLine() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write(
      "case_id,hospital_id,total_cost,drg\nc1,H1,100,A\nc2,H1,\"12,5\",A\nc3,H1,,A\n", name: "g.csv"
    )
    let cases = try SettlementCase.read(path: path)
    let pricing = try Example.pricing()
    #expect(
      pricing.price(cases[1]).reason
        == "line 3: total_cost '12,5' is not a number ≥ 0 (yuan, digits and one point)")
    #expect(pricing.price(cases[2]).reason == "line 4: total_cost is empty; give the cost in yuan")
    #expect(pricing.price(cases[1]).category == .excluded)
  }

  /// Settlement year 2024: the case discharged 2025-01-05 is excluded and counted; the two
  /// 2024 cases are paid. Months are keyed 2024-01 … 2024-12 (no 2025-01 row).
  /// Budget 2 000, no reserve, no sharing: 200 points (A 100 + A 100) → PV 10.
  @Test func aSettlementYearKeepsOtherYearsOut() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(
      """
      case_id,hospital_id,total_cost,status,drg,discharge_date
      c1,H1,1000,grouped,A,2024-01-10
      c2,H2,1000,grouped,A,2024-12-31
      c3,H1,1000,grouped,A,2025-01-05

      """, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"readmission": {"enabled": false}, "budget": 2000, "reserveShare": 0, "sharing": null, "year": 2024}"#,
      name: "p.json")
    let out = dir.path + "/out"
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out, "--period", "month",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("settlement year 2024: 1 cases discharged in other years excluded"))
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("c3,H1,,A,excluded,0.00,"))
    #expect(cases.contains("discharged 2025-01-05, outside the settlement year 2024"))
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(pools.contains("all,2000.00,0.00,2000.00,0.00,0.00,2000.00,2,2,200.00,10.000000,"))
    let months = try String(contentsOfFile: out + "/months.csv", encoding: .utf8)
    #expect(months.contains("all,2024-12,H2,,100.00,"))
    #expect(!months.contains("2025-"))
    #expect(months.split(separator: "\n").filter { $0.contains(",*,") }.count == 12)

    // --year 2025 overrides the policy: only c3 is paid, 100 points → PV 20.
    let other = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out, "--year", "2025",
    ])
    #expect(other.status == 0, "\(other.error)")
    #expect(
      other.error.contains("settlement year 2025: 2 cases discharged in other years excluded"))
  }

  /// Without a year, January 2025 is its own month, not folded into January 2024, and the
  /// summary warns that two years were settled together.
  @Test func monthsAreYearMonths() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(
      """
      case_id,hospital_id,total_cost,status,drg,discharge_date
      c1,H1,1000,grouped,A,2024-01-10
      c3,H1,1000,grouped,A,2025-01-05

      """, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"readmission": {"enabled": false}, "budget": 2400, "reserveShare": 0, "sharing": null}"#,
      name: "p.json")
    let out = dir.path + "/out"
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out, "--period", "month",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("2 calendar years (2024, 2025)"))
    let months = try String(contentsOfFile: out + "/months.csv", encoding: .utf8)
    // Monthly budget 2 400 / 12 = 200, each month 100 points → 2.
    #expect(months.contains("all,2024-01,*,1,100.00,2.000000,"))
    #expect(months.contains("all,2025-01,*,1,100.00,2.000000,"))
  }
}
