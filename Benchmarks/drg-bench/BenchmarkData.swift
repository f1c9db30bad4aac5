import DRGKit
import Foundation

/// The synthetic input of a run: made once per scheme, size, seed and generator version,
/// then reused.
enum BenchmarkData {
  static func syntheticFile(
    options: BenchmarkOptions, scheme: Scheme, log: (String) -> Void
  ) throws -> String {
    try FileManager.default.createDirectory(
      atPath: options.dataDirectory, withIntermediateDirectories: true)
    let path =
      "\(options.dataDirectory)/synth-\(scheme.manifest.id)-\(options.count)-\(options.seed)"
      + "-g\(CaseSynthesizer.generatorVersion).csv"
    if FileManager.default.fileExists(atPath: path) {
      log("reusing \(path)")
      return path
    }
    log("generating \(options.count) synthetic cases into \(path) …")
    let synthesizer = CaseSynthesizer(scheme: scheme, seed: options.seed)
    // Written under a temporary name by CSVWriter, so an interrupted run leaves no file
    // that a later run would take for complete.
    let summary = try synthesizer.write(count: options.count, to: path)
    log("generated \(summary.cases) cases")
    return path
  }
}
