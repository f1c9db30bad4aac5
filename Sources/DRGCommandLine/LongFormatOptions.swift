import DRGKit
import Foundation

/// `--diagnoses-file` and `--procedures-file` of `drg group` and `drg explain`: a
/// long-format export joined into one row per stay before it is read.
enum LongFormatOptions {
  /// `--diagnoses-file FILE`.
  static let diagnoses = OptionKey<String?>.text(
    ["--diagnoses-file"], "FILE",
    help:
      "Long format: a diagnosis table (one row per code: id, code, main flag, order) joined to the input by its settlement or visit id (setl_id/结算ID, mdtrt_id/就诊ID, case_id, …)."
  )
  /// `--procedures-file FILE`.
  static let procedures = OptionKey<String?>.text(
    ["--procedures-file"], "FILE",
    help: "Long format: the procedure table, joined like --diagnoses-file.")

  static let options: [CommandSpec.Option] = [diagnoses.option, procedures.option]

  /// Joins the input with the tables the options name into a temporary file and returns
  /// its path, or `nil` when neither option is given. The caller removes the file.
  static func join(
    input: String, arguments: ParsedArguments, encoding: TextEncoding,
    output: String?, console: Console, quiet: Bool
  ) throws -> String? {
    let diagnoses = try arguments.value(Self.diagnoses)
    let procedures = try arguments.value(Self.procedures)
    guard diagnoses != nil || procedures != nil else { return nil }
    for path in [diagnoses, procedures].compactMap({ $0 }) {
      if let output, output != "-",
        URL(fileURLWithPath: path).standardized == URL(fileURLWithPath: output).standardized
      {
        throw arguments.usageError("the output would overwrite the input \(path)")
      }
    }
    var join = LongFormatJoin(main: input, diagnoses: diagnoses, procedures: procedures)
    join.encoding = encoding
    join.columnMap = try arguments.columnOptions().map
    let joined = FileManager.default.temporaryDirectory
      .appendingPathComponent("drg-joined-\(getpid())-\(UUID().uuidString).csv").path
    do {
      let summary = try join.run(output: joined)
      if !quiet {
        let command = arguments.command
        console.error("drg \(command): \(summary)")
        for line in summary.tableColumns { console.error("drg \(command): \(line)") }
      } else if summary.orphanDiagnosisRows + summary.orphanProcedureRows > 0 {
        // Code rows no stay takes are dropped: never silent, also with --quiet.
        console.warning("drg \(arguments.command): \(summary)")
      }
    } catch {
      try? FileManager.default.removeItem(atPath: joined)
      throw error
    }
    return joined
  }
}
