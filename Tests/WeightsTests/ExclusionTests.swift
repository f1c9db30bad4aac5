import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("Cases left out, and reading grouped files")
struct ExclusionTests {
  @Test func builderCountsEachReason() throws {
    var builder = CostWeightsBuilder(options: options(.none))
    builder.add(drg: "A", cost: 100, lengthOfStay: 2)
    builder.add(drg: "A", cost: 300, lengthOfStay: nil)
    builder.add(drg: "FQY", status: .ambiguous, cost: 100, lengthOfStay: 1)
    builder.add(drg: "0000", status: .ungroupable, cost: 100, lengthOfStay: 1)
    builder.add(drg: "0000", status: .ungroupable, cost: 100, lengthOfStay: 1)
    builder.add(drg: "", status: .invalid, cost: 100, lengthOfStay: 1)
    builder.add(drg: " ", cost: 100, lengthOfStay: 1)
    builder.add(drg: "A", cost: nil, lengthOfStay: 1)
    builder.add(drg: "A", cost: .nan, lengthOfStay: 1)
    builder.add(drg: "A", cost: 0, lengthOfStay: 1)
    builder.add(drg: "A", cost: -50, lengthOfStay: 1)
    let weights = builder.build()
    var expected = ExcludedCases()
    expected.ambiguous = 1
    expected.ungroupable = 2
    expected.invalid = 1
    expected.missingDRG = 1
    expected.missingCost = 2
    expected.zeroCost = 1
    expected.negativeCost = 1
    #expect(weights.excluded == expected)
    #expect(weights.excluded.total == 9)
    #expect(weights.rowsRead == 11)
    #expect(weights.cases == 2)
    #expect(weights.casesWithoutLOS == 1)
    #expect(close(weights["A"]?.meanCost, 200))
  }

  static let groupedFile = """
    case_id,los,total_cost,status,mdc,adrg,drg,drg_name,reason
    1,5,1000.00,grouped,MDCE,ES1,ES15,"Infection, no CC",
    2,7,3000,grouped,MDCE,ES1,ES15,"Infection, no CC",
    3,,2000,grouped,MDCE,ES1,ES13,Infection with CC,
    4,4,500,ambiguous,MDCE,QY,EQY,Ambiguous,
    5,4,500,ungroupable,0000,00,0000,,no MDC
    6,4,500,invalid,,,,,age is missing
    7,4,,grouped,MDCE,ES1,ES13,Infection with CC,
    8,4,0,grouped,MDCE,ES1,ES13,Infection with CC,
    9,4,-3,grouped,MDCE,ES1,ES13,Infection with CC,
    10,4,abc,grouped,MDCE,ES1,ES13,Infection with CC,
    11,4,500,grouped,MDCE,ES1

    12,4,500,mystery,MDCE,ES1,ES13,Infection with CC,
    13,4,500,grouped,MDCE,ES1,,,
    14,x,4000,grouped,MDCF,FR1,FR13,Heart,

    """

  @Test func readsAGroupedFile() throws {
    let files = TemporaryFiles()
    let input = try files.write(Self.groupedFile)
    let weights = try FileWeighting(options: options(.none)).run(input: input)
    #expect(weights.rowsRead == 14)
    var expected = ExcludedCases()
    expected.ambiguous = 1
    expected.ungroupable = 1
    expected.invalid = 1
    expected.missingCost = 2
    expected.zeroCost = 1
    expected.negativeCost = 1
    expected.unreadableRows = 1
    expected.otherStatus = 1
    expected.missingDRG = 1
    #expect(weights.excluded == expected)
    #expect(weights.firstUnreadableRow?.line == 12)
    #expect(weights.groups.map(\.drg) == ["ES13", "ES15", "FR13"])
    let es15 = try #require(weights["ES15"])
    #expect(es15.name == "Infection, no CC")
    #expect(es15.adrg == "ES1")
    #expect(es15.cases == 2)
    #expect(close(es15.meanCost, 2000))
    #expect(close(es15.meanLOS, 6))
    let es13 = try #require(weights["ES13"])
    #expect(es13.meanLOS == nil && es13.casesWithLOS == 0)
    #expect(weights.casesWithoutLOS == 2)
    // Overall mean (1000 + 3000 + 2000 + 4000) / 4 = 2500.
    #expect(close(weights.meanCost, 2500))
    #expect(close(weights["FR13"]?.relativeWeight, 1.6))
  }

  @Test func sameResultForAnyThreadsAndBlockSize() throws {
    var generator = SeededGenerator(seed: 42)
    var text = "drg,total_cost,los,status,adrg,drg_name\n"
    for row in 0..<3000 {
      let group = Int.random(in: 0..<25, using: &generator)
      let cost = 1000 * exp(Double(group) / 10 + 0.6 * generator.normal())
      let status = row % 17 == 0 ? "ungroupable" : "grouped"
      text +=
        "G\(group),\(String(format: "%.2f", cost)),\(Int.random(in: 1...30, using: &generator)),\(status),A\(group / 3),\"Group \(group), test\"\n"
    }
    let files = TemporaryFiles()
    let input = try files.write(text)
    var one = FileWeighting()
    one.threads = 1
    var many = FileWeighting()
    many.threads = 3
    many.blockSize = 100
    let first = try one.run(input: input)
    let second = try many.run(input: input)
    #expect(first.groups == second.groups)
    #expect(first.excluded == second.excluded)
    #expect(first.quality == second.quality)
    #expect(first.rowsRead == 3000)
  }

  @Test func blendsYearsFromDischargeDates() throws {
    // The blending example of LowVolumeAndBlendingTests, from a file with dates.
    let text = """
      drg,total_cost,los,discharge_date
      A,100,1,2022-03-01
      A,100,1,2022-12-31
      A,200,1,2023-01-05
      B,400,1,2022-06-30
      B,500,1,2023-02-01
      B,700,1,2023-07-01
      B,9999,1,2021-07-01
      B,9999,1,

      """
    let files = TemporaryFiles()
    let input = try files.write(text)
    var options = options(.none)
    options.yearWeights = try YearWeights(parsing: "2022=1,2023=3")
    let weights = try FileWeighting(options: options).run(input: input)
    #expect(close(weights["A"]?.relativeWeight, 0.4375))
    #expect(close(weights["B"]?.relativeWeight, 1.5625))
    #expect(weights.excluded.yearNotWeighted == 1)
    #expect(weights.excluded.missingYear == 1)
  }

  @Test func missingColumnNamesFileAndColumn() throws {
    let files = TemporaryFiles()
    let input = try files.write("drg,los,status\nA,1,grouped\n")
    #expect {
      _ = try FileWeighting().run(input: input)
    } throws: { error in
      guard let error = error as? RecordError else { return false }
      return error.file == input && error.line == 1 && error.message.contains("total_cost")
    }
    var borrowing = WeightsOptions()
    borrowing.borrowFromADRG = true
    let noADRG = try files.write("drg,los,total_cost\nA,1,100\n")
    #expect(throws: RecordError.self) {
      _ = try FileWeighting(options: borrowing).run(input: noADRG)
    }
    var blending = WeightsOptions()
    blending.yearWeights = try YearWeights(parsing: "2023=1")
    #expect(throws: RecordError.self) {
      _ = try FileWeighting(options: blending).run(input: noADRG)
    }
  }
}
