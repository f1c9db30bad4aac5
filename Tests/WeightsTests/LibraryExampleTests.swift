import DRGKit
import DRGPayment
import Foundation
import Testing

/// The library example of the README's `drg weights` section, run on a small file.
@Suite("Library example")
struct LibraryExampleTests {
  @Test func readmeExampleRuns() throws {
    let files = TemporaryFiles()
    let input = try files.write(ExclusionTests.groupedFile)
    let output = files.path("weights.csv")

    var options = WeightsOptions(trimming: .logSD(k: 3), budget: 8.2e9)
    options.borrowFromADRG = true
    let weights = try FileWeighting(options: options).run(input: input)
    try weights.write(to: output)
    #expect(weights["ES15"]?.relativeWeight != nil)
    #expect(weights.baseRate != nil)

    var builder = CostWeightsBuilder(options: options)
    builder.add(drg: "ES15", name: "呼吸系统感染/炎症", adrg: "ES1", cost: 8_250, lengthOfStay: 7)
    let inMemory = builder.build()
    #expect(inMemory["ES15"]?.relativeWeight == 1)
    #expect(inMemory["ES15"]?.name == "呼吸系统感染/炎症")

    let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    #expect(written.count == 1 + weights.groups.count)
    #expect(written[0].hasSuffix(",payment_standard"))
  }
}
