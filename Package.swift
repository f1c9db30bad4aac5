// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "DRGKit",
  products: [
    // Grouping: schemes, rules, the engine, case and CSV reading, file-to-file grouping.
    .library(name: "DRGKit", targets: ["DRGKit"]),
    // Cost weights and settlement, on grouped files.
    .library(name: "DRGPayment", targets: ["DRGPayment"]),
    // Hospital comparison, scheme migration and audit flags, on grouped files.
    .library(name: "DRGAnalysis", targets: ["DRGAnalysis"]),
    .executable(name: "drg", targets: ["drg"]),
  ],
  targets: [
    // The core and its hot path, in one module: scheme loading and rule compilation, the
    // grouping engine, case parsing, the CSV layer, batch grouping, validation edits,
    // synthetic cases. Foundation only.
    .target(name: "DRGKit"),
    // Cost weights (Weights/), points, point value and settlement (Payment/), and the HTML
    // page frame of the reports (Reports/). Reads grouped files through DRGKit's CSV layer;
    // what it uses of DRGKit beyond the public API is `package`.
    .target(name: "DRGPayment", dependencies: ["DRGKit"]),
    // `drg compare` and `drg diff` (Analysis/) and `drg audit` (Audit/).
    .target(name: "DRGAnalysis", dependencies: ["DRGKit", "DRGPayment"]),
    // The `drg` subcommands as a library, so tests can run them in-process.
    .target(name: "DRGCommandLine", dependencies: ["DRGKit", "DRGPayment", "DRGAnalysis"]),
    .executableTarget(name: "drg", dependencies: ["DRGCommandLine"]),
    // Nightly throughput runs; always build with `-c release`.
    .executableTarget(
      name: "drg-bench", dependencies: ["DRGKit", "BenchmarkSupport"],
      path: "Benchmarks/drg-bench"),
    // drg-bench's JSON record and its comparison with a baseline (tested on their own).
    .target(name: "BenchmarkSupport", path: "Benchmarks/BenchmarkSupport"),
    .testTarget(name: "BenchmarkTests", dependencies: ["BenchmarkSupport"]),
    // Helpers shared by the test targets (running `drg` in-process).
    .target(name: "DRGTestSupport", dependencies: ["DRGCommandLine"], path: "Tests/DRGTestSupport"),
    .testTarget(
      name: "DRGKitTests", dependencies: ["DRGKit", "DRGPayment", "DRGTestSupport"]),
    .testTarget(
      name: "CommandLineTests", dependencies: ["DRGCommandLine", "DRGKit", "DRGTestSupport"]),
    // The synthetic case generator (`drg synth`).
    .testTarget(name: "SynthesisTests", dependencies: ["DRGKit", "DRGCommandLine"]),
    // Cost weights, base rate and grouping quality (`drg weights`).
    .testTarget(
      name: "WeightsTests",
      dependencies: ["DRGKit", "DRGPayment", "DRGCommandLine", "DRGTestSupport"]),
    .testTarget(
      name: "AnalysisTests",
      dependencies: ["DRGKit", "DRGPayment", "DRGAnalysis", "DRGCommandLine", "DRGTestSupport"]),
    .testTarget(
      name: "PaymentTests",
      dependencies: ["DRGKit", "DRGPayment", "DRGCommandLine", "DRGTestSupport"]),
    .testTarget(
      name: "AuditTests",
      dependencies: ["DRGKit", "DRGAnalysis", "DRGCommandLine", "DRGTestSupport"]),
    // Grouping of ../shared/conformance against every shared scheme.
    .testTarget(name: "ConformanceTests", dependencies: ["DRGKit"]),
  ]
)
