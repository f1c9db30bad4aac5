import Foundation

/// The libFuzzer entry point. One binary holds every harness; `DRG_FUZZ_HARNESS` picks one
/// (`csv-group`, `rules`, `scheme`, `policy`, `column-map` or `grouped`; ``Fuzz/run.sh``
/// sets it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  switch FuzzEntry.harness {
  case .csvGroup: CSVGroupHarness.run(data, size)
  case .rules: RulesHarness.run(data, size)
  case .scheme: SchemeHarness.run(data, size)
  case .policy: PolicyHarness.run(data, size)
  case .columnMap: ColumnMapHarness.run(data, size)
  case .grouped: GroupedFileHarness.run(data, size)
  }
  return 0
}

/// The harness chosen for this process.
enum FuzzEntry {
  enum Harness: String {
    case csvGroup = "csv-group"
    case rules
    case scheme
    case policy
    case columnMap = "column-map"
    case grouped
  }

  static let harness: Harness = {
    let name = ProcessInfo.processInfo.environment["DRG_FUZZ_HARNESS"] ?? ""
    guard let harness = Harness(rawValue: name) else {
      fatalError(
        "set DRG_FUZZ_HARNESS to csv-group, rules, scheme, policy, column-map or grouped (found '\(name)')"
      )
    }
    return harness
  }()
}
