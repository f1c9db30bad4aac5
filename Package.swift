// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "DRGKit",
  products: [
    .library(name: "DRGKit", targets: ["DRGKit"]),
    .executable(name: "drg", targets: ["drg"]),
  ],
  targets: [
    // The toolkit: scheme loading and rule compilation, the grouping engine,
    // record I/O. Foundation only.
    .target(name: "DRGKit"),
    // The `drg` subcommands as a library, so tests can run them in-process.
    .target(name: "DRGCommandLine", dependencies: ["DRGKit"]),
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
    .testTarget(name: "DRGKitTests", dependencies: ["DRGKit", "DRGTestSupport"]),
    .testTarget(
      name: "CommandLineTests", dependencies: ["DRGCommandLine", "DRGKit", "DRGTestSupport"]),
    // The synthetic case generator (`drg synth`).
    .testTarget(name: "SynthesisTests", dependencies: ["DRGKit", "DRGCommandLine"]),
    // Cost weights, base rate and grouping quality (`drg weights`).
    .testTarget(
      name: "WeightsTests", dependencies: ["DRGKit", "DRGCommandLine", "DRGTestSupport"]),
    .testTarget(
      name: "AnalysisTests", dependencies: ["DRGKit", "DRGCommandLine", "DRGTestSupport"]),
    .testTarget(
      name: "PaymentTests", dependencies: ["DRGKit", "DRGCommandLine", "DRGTestSupport"]),
    .testTarget(name: "AuditTests", dependencies: ["DRGKit", "DRGCommandLine", "DRGTestSupport"]),
    // Grouping of ../shared/conformance against every shared scheme.
    .testTarget(name: "ConformanceTests", dependencies: ["DRGKit"]),
  ]
)
