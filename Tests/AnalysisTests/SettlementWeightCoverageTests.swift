import DRGAnalysis
import DRGKit
import DRGPayment
import Testing

/// `drg settle`'s weight coverage read from the case store's columns.
@Suite struct SettlementWeightCoverageTests {
  @Test func columnsCountAsTheCasesDo() {
    // Weights for A only. Cases: two grouped A, one grouped B, one invalid A (not grouped),
    // one ambiguous without a DRG, one grouped with an empty DRG (not counted).
    // By hand: grouped = A, A, B = 3; covered = A, A = 2.
    let weights = PaymentWeights(groups: [
      "A": .init(relativeWeight: 1, meanCost: 100, casesKept: 2)
    ])
    let list = [
      SettlementCase(hospital: "H1", drg: "A", cost: 100, status: "grouped"),
      SettlementCase(hospital: "H2", drg: "A", cost: 120, status: "grouped"),
      SettlementCase(hospital: "H1", drg: "B", cost: 90, status: "grouped"),
      SettlementCase(hospital: "H1", drg: "A", cost: 80, status: "invalid"),
      SettlementCase(hospital: "H2", drg: "", cost: 70, status: "ambiguous"),
      SettlementCase(hospital: "H2", drg: "", cost: 60, status: "grouped"),
    ]
    let store = SettlementCases(list)
    #expect(store.groupedCasesPerDRG == ["A": 2, "B": 1])
    let fromColumns = SettlementCase.weightCoverage(store, weights: weights, label: "w.csv")
    #expect(fromColumns == WeightCoverage(covered: 2, grouped: 3, label: "w.csv"))
    let fromCases = SettlementCase.weightCoverage(list, weights: weights, label: "w.csv")
    #expect(fromColumns == fromCases)
  }
}
