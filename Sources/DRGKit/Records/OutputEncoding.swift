import Foundation

/// How CSV output is encoded: plain UTF-8, UTF-8 with a byte-order mark (which Excel on
/// Chinese Windows needs to show Chinese text), or GB18030 (GBK), which older systems read.
///
/// Every CSV a command writes goes through ``CSVWriter``, which takes its encoding from
/// ``current`` when it is opened, so one setting covers all of a command's files:
///
/// ```swift
/// try OutputEncoding.$current.withValue(.utf8WithBOM) {
///   _ = try FileGrouping(scheme: scheme).run(input: "cases.csv", output: "grouped.csv")
/// }
/// ```
public enum OutputEncoding: String, Sendable, CaseIterable {
  /// UTF-8 without a byte-order mark (the default).
  case utf8
  /// UTF-8 starting with the byte-order mark EF BB BF (`--bom`).
  case utf8WithBOM
  /// GB18030, a superset of GBK (`--output-encoding gb18030`).
  case gb18030

  /// The encoding of the CSV files opened in the current task (set with `withValue`).
  @TaskLocal public static var current: OutputEncoding = .utf8
  /// Where the CSV files finished in the current task report bytes they could not encode
  /// (set with `withValue`; `nil`: not collected).
  @TaskLocal public static var problems: OutputEncodingProblems?

  /// Accepts `utf8`, `utf-8`, `utf8-bom`, `gb18030`, `gbk` (any case), as
  /// `--output-encoding` takes them.
  public init?(name: String) {
    switch name.lowercased() {
    case "utf8", "utf-8": self = .utf8
    case "utf8-bom", "utf-8-bom", "utf8bom": self = .utf8WithBOM
    case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
    default: return nil
    }
  }
}

/// Bytes an output file could not encode and wrote as `?`: never silent, each file is
/// reported with how many bytes, in how many rows, and the first row's line.
public final class OutputEncodingProblems: @unchecked Sendable {
  /// One file's replaced bytes.
  public struct File: Sendable, Equatable, CustomStringConvertible {
    /// The file's path.
    public var path: String
    /// Bytes written as `?`.
    public var bytes: Int
    /// Lines (rows) holding at least one of them, and the first such line (1 = header).
    public var rows: Int
    /// The first line holding one of them.
    public var firstLine: Int

    /// `bytes` replaced on `rows` lines of `path`, the first on `firstLine`.
    public init(path: String, bytes: Int, rows: Int, firstLine: Int) {
      self.path = path
      self.bytes = bytes
      self.rows = rows
      self.firstLine = firstLine
    }

    /// e.g. `out.csv: 3 bytes that are not UTF-8 in 2 rows (first: line 7) written as '?'
    /// in GB18030`.
    public var description: String {
      "\(path): \(bytes) byte\(bytes == 1 ? "" : "s") that \(bytes == 1 ? "is" : "are") not UTF-8 (or have no GB18030 form) in \(rows) row\(rows == 1 ? "" : "s") (first: line \(firstLine)) written as '?' in GB18030"
    }
  }

  private let lock = NSLock()
  private var collected: [File] = []

  /// No file with replaced bytes yet.
  public init() {}

  /// The files with replaced bytes, in the order they were finished.
  public var files: [File] {
    lock.lock()
    defer { lock.unlock() }
    return collected
  }

  func add(_ file: File) {
    lock.lock()
    collected.append(file)
    lock.unlock()
  }
}

/// Converts UTF-8 output to GB18030 with glibc's `iconv`, block by block; a character cut
/// at the end of a block is kept for the next one. Counts the bytes it writes as `?` and
/// the lines they are on.
final class GB18030Encoder {
  private let converter: iconv_t
  /// Bytes of a UTF-8 character cut at the end of the last block.
  private var pending: [UInt8] = []
  private var output: [UInt8] = []
  /// Bytes written as `?`, the lines holding them, and the first such line.
  private(set) var replacedBytes = 0
  private(set) var linesWithReplacements = 0
  private(set) var firstLineWithReplacement = 0
  /// The line the next input byte is on (1-based), and the last line counted as holding a
  /// replacement.
  private var line = 1
  private var lastCountedLine = 0

  /// - Returns: `nil` when the system's iconv cannot convert to GB18030.
  init?() {
    let handle = iconv_open("GB18030", "UTF-8")
    guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
    converter = handle
  }

  deinit { iconv_close(converter) }

  /// Counts a byte written as `?` on the current line.
  private func noteReplacement() {
    replacedBytes += 1
    guard lastCountedLine != line else { return }
    lastCountedLine = line
    linesWithReplacements += 1
    if firstLineWithReplacement == 0 { firstLineWithReplacement = line }
  }

  /// Counts the line feeds of `bytes`, which have been converted.
  private func advanceLines(_ bytes: UnsafeMutableRawBufferPointer.SubSequence) {
    for byte in bytes where byte == ASCII.lf { line += 1 }
  }

  /// The GB18030 form of `raw` (after anything left from the last call). A byte that is
  /// not UTF-8 is written as `?` and counted.
  func encode(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
    var input = pending
    pending.removeAll(keepingCapacity: true)
    input.append(contentsOf: raw)
    output.removeAll(keepingCapacity: true)
    let needed = input.count * 2 + 16
    if output.capacity < needed { output.reserveCapacity(needed) }
    var block = [UInt8](repeating: 0, count: needed)
    input.withUnsafeMutableBytes { source in
      guard let base = source.baseAddress else { return }
      var consumed = 0
      while consumed < source.count {
        var inPointer: UnsafeMutablePointer<CChar>? = (base + consumed).assumingMemoryBound(
          to: CChar.self)
        var inLeft = source.count - consumed
        var failure: Int32 = 0
        let produced = block.withUnsafeMutableBytes { target in
          var outPointer: UnsafeMutablePointer<CChar>? = target.baseAddress!.assumingMemoryBound(
            to: CChar.self)
          var outLeft = target.count
          if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failure = errno }
          return target.count - outLeft
        }
        output.append(contentsOf: block[0..<produced])
        advanceLines(source[consumed..<(source.count - inLeft)])
        consumed = source.count - inLeft
        switch failure {
        case 0, E2BIG: continue
        case EINVAL:
          // A character cut at the end: kept for the next block.
          pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: source[consumed...]))
          consumed = source.count
        default:
          output.append(UInt8(ascii: "?"))
          noteReplacement()
          consumed += 1
        }
      }
    }
    return output
  }

  /// What is left at the end of the output (an incomplete UTF-8 character, written as `?`).
  func finish() -> [UInt8] {
    defer { pending.removeAll() }
    guard !pending.isEmpty else { return [] }
    noteReplacement()
    return [UInt8(ascii: "?")]
  }
}
