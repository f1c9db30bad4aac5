import DRGKit
import DRGPayment

extension MigrationResult {
  /// DRG and ADRG names of both schemes by code (the scheme's own names; A's when both
  /// name a code), for the name columns of migration.csv, flows.csv and changed_cases.csv.
  var drgNames: [String: String] {
    var names: [String: String] = [:]
    for scheme in [to, from] {
      for drg in scheme.drgs { names[drg.entry.code] = drg.entry.name }
      for adrg in scheme.adrgs { names[adrg.entry.code] = adrg.entry.name }
    }
    return names
  }
}
