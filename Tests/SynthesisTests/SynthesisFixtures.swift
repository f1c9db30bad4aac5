import DRGKit
import Foundation
import Testing

/// Paths the synthesis tests use: the demo scheme and the real schemes in `grouper-tables`.
enum SynthesisFixtures {
  /// The package root, found from this file's path.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let demoScheme = packageRoot.appendingPathComponent("grouper-tables/demo").path

  /// A scheme that ships in `grouper-tables/<id>`.
  static func shippedScheme(_ id: String) -> String {
    packageRoot.appendingPathComponent("grouper-tables/\(id)").path
  }

  /// A fresh temporary file path.
  static func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("drg-synth-\(UUID().uuidString)-\(name)").path
  }

  /// Schemes are loaded once per process.
  static let demo: Scheme = try! Scheme(directory: demoScheme)
}

/// The rows of a grouped synthetic file, read with the toolkit's own CSV reader: for each
/// row the `target_drg` the generator aimed for and what `drg group` made of it.
struct GroupedRows {
  struct Row {
    var target: String
    var status: String
    var drg: String
    var reason: String
  }

  var header: [String] = []
  var rows: [Row] = []

  init(path: String) throws {
    let reader = try CSVReader(path: path)
    guard try reader.next() else { return }
    header = (0..<reader.parser.fields.count).map {
      reader.parser.string($0, in: reader.bytes)
    }
    let target = header.firstIndex(of: CaseSynthesizer.targetColumn) ?? -1
    let status = header.firstIndex(of: "status") ?? -1
    let drg = header.firstIndex(of: "drg") ?? -1
    let reason = header.firstIndex(of: "reason") ?? -1
    rows.reserveCapacity(1 << 16)
    while try reader.next() {
      func field(_ index: Int) -> String {
        index >= 0 && index < reader.parser.fields.count
          ? reader.parser.string(index, in: reader.bytes) : ""
      }
      rows.append(
        Row(target: field(target), status: field(status), drg: field(drg), reason: field(reason)))
    }
  }

  /// Rows aimed at a DRG, an ambiguous group or "ungroupable" (not built to be invalid),
  /// and of those, the ones that grouped as aimed.
  var aimed: Int { rows.count { !$0.target.isEmpty } }
  var hits: Int { rows.count { !$0.target.isEmpty && $0.target == $0.drg } }
}

/// Counts over a large grouped synthetic file without making strings per row: rows aimed
/// at a target, rows that grouped as aimed, and cases per grouped DRG.
struct GroupedCounts {
  var aimed = 0
  var hits = 0
  /// Cases per DRG code of `grouped` rows.
  var drgs: [String: Int] = [:]

  init(path: String) throws {
    let reader = try CSVReader(path: path)
    guard try reader.next() else { return }
    let header = (0..<reader.parser.fields.count).map {
      reader.parser.string($0, in: reader.bytes)
    }
    guard let target = header.firstIndex(of: CaseSynthesizer.targetColumn),
      let status = header.firstIndex(of: "status"), let drg = header.firstIndex(of: "drg")
    else { return }
    // Codes are short: pack them into an integer key while counting.
    var packed: [UInt64: Int] = [:]
    func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
      var key: UInt64 = UInt64(bytes.count)
      for byte in bytes.prefix(7) { key = key << 8 | UInt64(byte) }
      return key
    }
    var names: [UInt64: String] = [:]
    let grouped = Array("grouped".utf8)
    while try reader.next() {
      let parser = reader.parser
      let bytes = reader.bytes
      let aimedAt = parser.withField(target, in: bytes) { $0.isEmpty ? nil : pack($0) }
      let result = parser.withField(drg, in: bytes) { pack($0) }
      if let aimedAt {
        aimed += 1
        if aimedAt == result { hits += 1 }
      }
      if parser.withField(status, in: bytes, { $0.elementsEqual(grouped) }) {
        packed[result, default: 0] += 1
        if names[result] == nil { names[result] = parser.string(drg, in: bytes) }
      }
    }
    for (key, count) in packed { drgs[names[key]!] = count }
  }
}
