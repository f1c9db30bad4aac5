import DRGKit

extension Settlement {
  /// Every file ``write(to:)`` and the optional writers may put into the output directory,
  /// in the order `drg settle --help` lists them.
  public static let outputFileNames = [
    "cases.csv", "hospitals.csv", "pools.csv", "drgs.csv", "months.csv", "trueup.csv",
    "whatif.csv", "alliances.csv", "perhead.csv", "perhead_categories.csv",
    "perhead_months.csv",
  ]

  /// The files of ``outputFileNames`` this settlement writes: the four of ``write(to:)``,
  /// `alliances.csv` when a pool has alliances, `perhead.csv` and
  /// `perhead_categories.csv` with a per-head settlement; with `monthly`
  /// (``writeMonthly(prepaymentRatio:to:)``) `months.csv`, `trueup.csv` and — when the
  /// per-head months have a year — `perhead_months.csv`; `whatif.csv` with `whatIf`.
  public func outputFiles(monthly: Bool, whatIf: Bool) -> [String] {
    var files = ["cases.csv", "hospitals.csv", "pools.csv", "drgs.csv"]
    if monthly { files += ["months.csv", "trueup.csv"] }
    if whatIf { files.append("whatif.csv") }
    if pools.contains(where: { !$0.alliances.isEmpty }) { files.append("alliances.csv") }
    if perHead != nil { files += ["perhead.csv", "perhead_categories.csv"] }
    if monthly, perHead != nil, perHeadMonthsYear != nil { files.append("perhead_months.csv") }
    return files
  }
}
