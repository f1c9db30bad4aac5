import DRGKit
import DRGPayment
import Testing

/// The readmission rule over more stays than one block of keys (65 536) and spread over
/// every bucket of patients, with each patient's stays far apart in row order.
@Suite("Readmission over many patients")
struct ReadmissionManyPatientsTests {
  @Test func everyPatientIsJudgedOnItsOwnStays() throws {
    let pricing = try Example.pricing()
    // Patient p has three stays in DRG A (100 points each, Example): the first from day
    // d to d + 5, the second admitted gap = p mod 20 days after that discharge and 3 days
    // long, the third 30 days after the second's discharge. The rule (15 days, × 0.5)
    // halves the first stay exactly when gap ≤ 15, and never the second (30 > 15) or the
    // third (no later stay). Rows are permuted so that a patient's stays lie in different
    // blocks.
    let patients = 50_000
    let rows = 3 * patients
    var cases = [SettlementCase](
      repeating: SettlementCase(hospital: "H1", drg: "A", cost: 10_000), count: rows)
    var expected = [Double](repeating: 0, count: rows)
    for stay in 0..<rows {
      let patient = stay / 3
      let gap = patient % 20
      let first = 1_000 + patient % 50
      let (admit, discharge) =
        switch stay % 3 {
        case 0: (first, first + 5)
        case 1: (first + 5 + gap, first + 8 + gap)
        default: (first + 38 + gap, first + 40 + gap)
        }
      // 7 919 is prime and does not divide 150 000: a permutation of the rows.
      let row = stay * 7_919 % rows
      var item = SettlementCase(caseID: "c\(stay)", hospital: "H1", drg: "A", cost: 10_000)
      item.patientID = "P\(patient)"
      item.admitDay = admit
      item.dischargeDay = discharge
      cases[row] = item
      expected[row] = stay % 3 == 0 && gap <= 15 ? 50 : 100
    }
    var prices = cases.map { pricing.price($0) }
    pricing.applyReadmission(cases, &prices)
    #expect(prices.map(\.points) == expected)
    // 16 of every 20 patients (gap 0 … 15) are readmitted.
    #expect(prices.filter { $0.reason.hasPrefix("readmitted to A within 15 days") }.count == 40_000)
  }
}
