import DRGKit
import DRGPayment
import Foundation

// DRGKit embedded in a program of its own: group one case built from strings, group a
// file, and settle a year of the grouped cases under a small policy. Run from anywhere;
// the repository is found from this file's path unless given as the first argument.
let repository =
  CommandLine.arguments.dropFirst().first
  ?? URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path
func path(_ relative: String) -> String { repository + "/" + relative }

// 1. A scheme shipped in grouper-tables/, loaded once: an immutable, Sendable value.
let scheme = try Scheme(directory: path("grouper-tables/chs-drg-1.1"))

// 2. One case built from strings (the first sample case).
let outcome = scheme.group(
  DischargeCase(
    sex: 2, age: 90, lengthOfStay: 4, leaving: 1,
    diagnoses: ["G12.200x005", "E10.900x004", "T81.000x014"], procedures: ["06.1900"]))
print("one case: \(outcome.status) \(outcome.drg) \(outcome.drgName)")

// 3. A whole file, in bounded memory, one output row per input row.
let work = FileManager.default.temporaryDirectory
  .appendingPathComponent("drg-embedding-\(ProcessInfo.processInfo.processIdentifier)").path
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }
let grouped = work + "/grouped.csv"
let summary = try FileGrouping(scheme: scheme).run(
  input: path("grouper-tables/samples/chs-drg-1.1-cases.csv"), output: grouped)
print(
  "file: \(summary.rowsRead) rows read, \(summary.rowsWritten) written, \(summary.count(.grouped)) grouped"
)

// 4. Cost weights from the grouped file, then a year settled under a small policy.
let weightsPath = work + "/weights.csv"
try FileWeighting().run(input: grouped).write(to: weightsPath)
let policy = try SettlementPolicy.load(path: path("examples/embedding/small-policy.json"))
let pricing = try CasePricing(policy: policy, weights: PaymentWeights(path: weightsPath))
let cases = try SettlementCase.read(path: grouped)
let settlement = Settlement.run(cases: cases, pricing: pricing)
for line in settlement.summaryLines() { print("settle: " + line) }
try settlement.write(to: work + "/settle")
print(
  "settle: wrote "
    + (try FileManager.default.contentsOfDirectory(atPath: work + "/settle")).sorted().joined(
      separator: ", "))
