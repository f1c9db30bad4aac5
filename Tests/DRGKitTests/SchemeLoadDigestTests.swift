import Foundation
import Testing

@testable import DRGKit

/// Every scheme in `grouper-tables/` loads to the same tables and groups the same cases as
/// it did before the scheme loader was rewritten to read bytes (issue 20, item 2).
///
/// The digest is taken from what a loaded scheme holds, read through the engine's tables,
/// independent of the order codes were interned in: for every code (sorted by text) its
/// name, kinds, CC level, exclusion tables, excluded tables and list membership; every
/// MDC/ADRG/DRG entry; the counts, maps, duplicates and missing tags; the `drg scheme
/// check` report; and the DRG and status of 300 cases made from the scheme's own codes.
/// The expected digests were recorded with the loader of 55bc585 (the `String`-per-field
/// reader), so they come from an independent implementation, not from the code under test.
@Suite struct SchemeLoadDigestTests {
  static let expected: [String: String] = [
    "anyang-2021": "40cd5a2cef357c94",
    "beijing-2022": "f3b41bb6d7eed683",
    "changsha-2023": "c131cd8b9f0ff039",
    "changzhou-2022": "9a773da0a3893836",
    "chongqing-2022": "d3c3369f748854da",
    "chs-drg-1.0": "92cdcab66c54b87e",
    "chs-drg-1.1": "1124dd60bd606472",
    "demo": "d9516da99dd9e7b0",
    "foshan-2022": "6d599fb11c34425f",
    "fuzhou-2022": "65c90c9346d6e344",
    "guangxi-2022": "9a5586a8c85ecfef",
    "haerbin-2022": "281fe5b02f7463a",
    "handan-2022": "375e83f8efa06ece",
    "hefei-2023": "fb8d5f6c945fc7ac",
    "lanzhou-2023": "701f578181836ad1",
    "liaocheng-2022": "592a1b1e16828884",
    "linfen-2022": "abdb788a0089c896",
    "nanping-2023": "e32c50916aa7df41",
    "qingdao-2023": "b34a5e07627062a5",
    "suzhou-2023": "bdcecec58dc9210f",
    "taizhou-2022": "de9091b8e7f78d99",
    "wlmq-2022": "f408dd5e74f1e93f",
    "wuhan-2022": "b27d65553a27de46",
    "wuxi-2022": "e421a6a844be5fdf",
    "xjbt-2022": "a51f5b6ae08eaa6a",
    "yancheng-2023": "11de38950fefe634",
    "yantai-2023": "31efccda9ae8dd20",
    "yinchuan-2023": "6a9e47a21e14a36f",
    "yunnan-2022": "8306a00a8c3618df",
    "yunnan-2023": "2a290543befc69ac",
    "zhejiang-2022": "73d27c1fd4c209ea",
  ]

  static let tables = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("grouper-tables")

  static var schemeIDs: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: tables.path)) ?? []
    return names.filter {
      FileManager.default.fileExists(
        atPath: tables.appendingPathComponent($0).appendingPathComponent("scheme.json").path)
    }.sorted()
  }

  /// The 30 real schemes and `demo`.
  @Test func everySchemeIsCovered() {
    #expect(Self.schemeIDs.count == 31)
  }

  @Test(arguments: schemeIDs)
  func loadsAsBefore(_ id: String) throws {
    let scheme = try Scheme(directory: Self.tables.appendingPathComponent(id).path)
    let digest = Self.digest(scheme)
    #expect(digest == Self.expected[id])
  }

  /// FNV-1a (64 bits) over the text the scheme is described by.
  static func digest(_ scheme: Scheme) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ text: String) {
      for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      hash = (hash ^ 0x0A) &* 0x100_0000_01b3
    }
    let complications = scheme.complications
    let membership = scheme.membership
    var codes: [(text: String, row: UInt32)] = []
    for id in 0..<UInt32(scheme.codes.count) {
      codes.append((scheme.codes.string(id), id + 1))
    }
    codes.sort { $0.text.utf8.lexicographicallyPrecedes($1.text.utf8) }
    let exclusionName = { (key: Int32) in scheme.exclusionNames[Int(key)] }
    for (text, row) in codes {
      let words = (0..<membership.wordsPerRow).map {
        String(membership.words[Int(row) * membership.wordsPerRow + $0], radix: 16)
      }
      let tags = scheme.tagTables.enumerated().map { table, entries in
        entries[row].map { scheme.tagNames[table][Int($0) - 1] } ?? "-"
      }
      add(
        [
          text, scheme.name(ofCode: text) ?? "<none>", String(scheme.codeKinds[Int(row)]),
          "\(complications.level(of: row).map { "\($0)" } ?? "none")",
          complications.exclusionTables(of: row).map(exclusionName).joined(separator: "+"),
          complications.excludedTables(by: row).map(exclusionName).joined(separator: "+"),
          words.joined(separator: "."), tags.joined(separator: "."),
        ].joined(separator: "|"))
    }
    for list in scheme.lists { add("list \(list.label) \(list.codeCount)") }
    for (name, count) in scheme.listRowCounts.sorted(by: { $0.key < $1.key }) {
      add("rows \(name) \(count)")
    }
    for entry in scheme.mdcs.map(\.entry) + scheme.adrgs.map(\.entry) + scheme.drgs.map(\.entry) {
      add(
        "\(entry.file):\(entry.line) \(entry.code) \(entry.order) \(entry.name) \(entry.ruleText)")
    }
    for adrg in scheme.adrgs { add("adrg \(adrg.mdc) \(adrg.drgs) \(adrg.isAmbiguous)") }
    add(
      "counts \(scheme.mccCount) \(scheme.ccCount) \(scheme.exclusionRowCount) "
        + "\(scheme.exclusionTableCount) \(scheme.diagnosisNameCount) "
        + "\(scheme.procedureNameCount) \(scheme.codes.count)")
    for duplicate in scheme.duplicateComplications { add("duplicate \(duplicate)") }
    for (from, to) in scheme.diagnosisMap.sorted(by: { $0.key < $1.key }) {
      add("dx map \(from) \(to)")
    }
    for (from, to) in scheme.procedureMap.sorted(by: { $0.key < $1.key }) {
      add("proc map \(from) \(to)")
    }
    for tag in scheme.missingTags { add("missing \(tag.list) \(tag.tag) \(tag.file):\(tag.line)") }
    let report = SchemeReport(scheme: scheme)
    for line in report.summaryLines + report.warningLines(examplesPerKind: nil) { add(line) }
    // Cases from the scheme's own codes: diagnoses and procedures by their kinds.
    let diagnoses = codes.filter { scheme.codeKinds[Int($0.row)] & CodeKind.diagnosis != 0 }
    let procedures = codes.filter { scheme.codeKinds[Int($0.row)] & CodeKind.procedure != 0 }
    guard !diagnoses.isEmpty else { return String(hash, radix: 16) }
    for index in 0..<300 {
      let pick = { (pool: [(text: String, row: UInt32)], step: Int) in
        pool.isEmpty ? [] : [pool[(index &* step &+ 17) % pool.count].text]
      }
      let record = DischargeCase(
        sex: 1 + index % 2, age: Double((index * 37) % 90), ageDays: index % 5 == 0 ? 10 : nil,
        weight: index % 5 == 0 ? 2500 : nil, lengthOfStay: Double(1 + index % 40),
        leaving: Double(1 + index % 5),
        diagnoses: pick(diagnoses, 7919) + pick(diagnoses, 104_729) + pick(diagnoses, 1_299_709),
        procedures: index % 3 == 0 ? [] : pick(procedures, 15_485_863))
      let outcome = scheme.group(record)
      add("case \(index) \(outcome.status) \(outcome.mdc) \(outcome.adrg) \(outcome.drg)")
    }
    return String(hash, radix: 16)
  }
}
