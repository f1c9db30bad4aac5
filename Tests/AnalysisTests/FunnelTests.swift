import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Funnel-plot control limits, overdispersion and shrinkage (Spiegelhalter 2005).
@Suite("Funnel plots and shrinkage")
struct FunnelTests {
  /// Exact Poisson limits at E = 4 (Spiegelhalter 2005, A.1.1), by hand from the Poisson(4)
  /// CDF: P(0) = 0.018316, P(≤1) = 0.091578, P(≤7) = 0.948866, P(≤8) = 0.978637.
  /// Lower 95 %: r = 1, α = (0.091578 − 0.025)/(0.091578 − 0.018316) = 0.90876,
  /// (1 − 0.90876)/4 = 0.022810. Upper: r = 8, α = (0.978637 − 0.975)/(0.978637 −
  /// 0.948866) = 0.12215, (8 − 0.12215)/4 = 1.969461. (SciPy's poisson.cdf gives
  /// 0.02280960942678792 and 1.9694613422506952.) 99.8 % lower: r = 0, α = 0.945, below 0,
  /// so 0; upper 2.7389881496291704.
  @Test func exactPoissonLimits() {
    let limits = Funnel.poissonLimits(expected: 4, tail: 0.025)
    #expect(abs(limits.lower - 0.02280960942678792) < 1e-10)
    #expect(abs(limits.upper - 1.9694613422506952) < 1e-10)
    let wide = Funnel.poissonLimits(expected: 4, tail: 0.001)
    #expect(wide.lower == 0 && abs(wide.upper - 2.7389881496291704) < 1e-10)
    // Large E: the search starts near the quantile and still lands on the same value as
    // the normal approximation within a few per cent (1 + 1.96/√E = 1.0196 at E = 10,000).
    let large = Funnel.poissonLimits(expected: 10_000, tail: 0.025)
    #expect(abs(large.upper - 1.0196) < 0.001)
  }

  /// Five units with se 0.1 and values 1.3, 0.7, 1.0, 1.2, 0.8: z = 3, −3, 0, 2, −2.
  /// Type-7 10th and 90th percentiles of the sorted z (−3, −2, 0, 2, 3): −2.6 and 2.6, so
  /// z becomes 2.6, −2.6, 0, 2, −2; φ = (2·6.76 + 2·4)/5 = 4.304. I·φ = 21.52 > I − 1 = 4:
  /// τ² = (21.52 − 4)/(500 − 50,000/500) = 17.52/400 = 0.0438 (w = 1/0.01 = 100 each).
  /// 95 % limits 1 ± 1.959964·√(0.01 + 0.0438) = 1 ± 0.454610; the unit at 1.3 shrinks to
  /// 1 + 0.0438/0.0538·0.3 = 1.244238 and is inside the widened limits.
  @Test func overdispersionWidensTheLimitsAndShrinks() throws {
    let units: [(name: String, volume: Double, value: Double, se: Double)] = [
      ("A", 100, 1.3, 0.1), ("B", 100, 0.7, 0.1), ("C", 100, 1.0, 0.1), ("D", 100, 1.2, 0.1),
      ("E", 100, 0.8, 0.1),
    ]
    let funnel = Funnel.normal(indicator: .costIndex, units: units)
    #expect(abs(funnel.phi - 4.304) < 1e-12)
    #expect(abs(funnel.tau2 - 0.0438) < 1e-12)
    let a = try #require(funnel.points.first { $0.unit == "A" })
    #expect(abs(a.limits95.upper - 1.4546102556623024) < 1e-12)
    #expect(abs(a.limits95.lower - (2 - 1.4546102556623024)) < 1e-12)
    #expect(abs(a.shrunk - 1.2442379182156134) < 1e-12)
    #expect(a.band == .inside)
  }

  /// Three units within chance (z = 0.5, −0.5, 0; φ = 1/6, I·φ = 0.5 < 2): τ² = 0, limits
  /// 1 ± 1.959964·0.1, and every shrunken value is the target 1. A fourth unit far out
  /// (z = 5) with the others' spread below chance lies beyond the 99.8 % limit 1.309.
  @Test func withoutOverdispersionEverythingShrinksToTheTarget() throws {
    let calm = Funnel.normal(
      indicator: .timeIndex, units: [("A", 10, 1.05, 0.1), ("B", 10, 0.95, 0.1), ("C", 10, 1, 0.1)])
    #expect(calm.tau2 == 0)
    #expect(calm.points.allSatisfy { $0.shrunk == 1 && $0.band == .inside })
    let a = try #require(calm.points.first)
    #expect(abs(a.limits95.upper - 1.1959963984540054) < 1e-12)
    #expect(abs(a.limits998.upper - 1.3090232306167813) < 1e-12)
    let far = Funnel.normal(
      indicator: .costIndex,
      units: [("A", 1, 1, 1), ("B", 1, 1, 1), ("C", 1, 1, 1), ("D", 1, 1, 1), ("X", 100, 1.5, 0.1)])
    // Winsorised z: the 90th percentile of (0, 0, 0, 0, 5) is 3, so φ = 9/5 = 1.8,
    // I·φ = 9 > 4: τ² = 5/(104 − 10,004/104) = 5/7.8077 = 0.6404; X's limits
    // 1 ± 3.090232·√(0.01 + 0.6404): wide, X inside.
    #expect(abs(far.phi - 1.8) < 1e-12)
    #expect(abs(far.tau2 - 5 / (104 - 10_004.0 / 104)) < 1e-12)
    #expect(far.points.first { $0.unit == "X" }?.band == .inside)
  }

  /// The comparison builds all three funnels; the O/E funnel's volume is expected deaths.
  @Test func comparisonHasThreeFunnels() throws {
    let comparison = HospitalComparison(
      cases: ComparisonIndexTests.tinyCases(), weights: nil, trimming: .untrimmed)
    #expect(comparison.funnels.map(\.indicator) == [.costIndex, .timeIndex, .lowRiskMortality])
    let cost = try #require(comparison.funnel(.costIndex))
    // A's kept cases in the cost index: X 3, Y 1, Z 1 → 5; B: X 2, Y 3 → 5.
    #expect(cost.points.map(\.volume) == [5, 5])
    #expect(cost.points.map(\.unit) == ["A", "B"])
  }
}
