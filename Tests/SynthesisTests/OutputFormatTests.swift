import DRGKit
import Foundation
import Testing

@Suite("drg synth: output format")
struct OutputFormatTests {
  /// The file's lines split into fields (synthetic rows never need quoting).
  static func table(_ path: String) throws -> [[String]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  @Test("canonical header plus patient, dates and insurance; target only on request")
  func header() throws {
    let synthesizer = CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 3)
    let plain = SynthesisFixtures.temporary("plain.csv")
    let targeted = SynthesisFixtures.temporary("targeted.csv")
    defer {
      try? FileManager.default.removeItem(atPath: plain)
      try? FileManager.default.removeItem(atPath: targeted)
    }
    _ = try synthesizer.write(count: 50, to: plain)
    _ = try synthesizer.write(count: 50, to: targeted, withTarget: true)
    let expected =
      CaseColumns.canonical + [
        "patient_id", "admit_date", "discharge_date", "insurance",
      ]
    #expect(try Self.table(plain)[0] == expected)
    #expect(try Self.table(targeted)[0] == expected + ["target_drg"])
    // The header is accepted by the case reader.
    _ = try CaseColumns(header: try Self.table(plain)[0], file: plain)
  }

  @Test("field values: ids, sexes, numbers, dates that add up, insurance, costs")
  func fieldValues() throws {
    let path = SynthesisFixtures.temporary("fields.csv")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let synthesizer = CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 11)
    let summary = try synthesizer.write(count: 5000, to: path)
    let table = try Self.table(path)
    let header = table[0]
    func column(_ name: String) -> Int { header.firstIndex(of: name)! }
    let rows = table.dropFirst()
    #expect(rows.count == 5000)
    #expect(rows.allSatisfy { $0.count == header.count })
    #expect(rows.first?[column("case_id")] == "C0000001")
    #expect(rows.last?[column("case_id")] == "C0005000")

    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    var patients = Set<String>()
    var hospitals = Set<String>()
    for row in rows {
      #expect(["1", "2", "", "9"].contains(row[column("sex")]))
      #expect(["employee", "resident"].contains(row[column("insurance")]))
      let los = Int(row[column("los")])!
      #expect(los >= 1)
      let admit = formatter.date(from: row[column("admit_date")])!
      let discharge = formatter.date(from: row[column("discharge_date")])!
      #expect(Int(discharge.timeIntervalSince(admit) / 86_400) == los)
      let cost = row[column("total_cost")]
      #expect(cost.split(separator: ".").last?.count == 2)
      #expect(Double(cost)! > 0)
      if row[column("age")] == "0" && !row[column("age_days")].isEmpty
        && Int(row[column("age_days")])! <= 28 && !row[column("weight")].isEmpty
      {
        #expect((300...6000).contains(Int(row[column("weight")])!))
      }
      patients.insert(row[column("patient_id")])
      hospitals.insert(row[column("hospital_id")])
    }
    #expect(patients.count == summary.patients)
    #expect(hospitals.count > 20)
    #expect(synthesizer.hospitals.count == 40)
    #expect(Set(synthesizer.hospitals.map(\.level)) == [1, 2, 3])
  }

  @Test("tertiary hospitals are dearer for the same DRG")
  func hospitalEffect() throws {
    let path = SynthesisFixtures.temporary("hospitals.csv")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let synthesizer = CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 5)
    _ = try synthesizer.write(count: 20_000, to: path, withTarget: true)
    let table = try Self.table(path)
    let header = table[0]
    let hospital = header.firstIndex(of: "hospital_id")!
    let cost = header.firstIndex(of: "total_cost")!
    let target = header.firstIndex(of: "target_drg")!
    let levels = Dictionary(uniqueKeysWithValues: synthesizer.hospitals.map { ($0.id, $0.level) })
    // Mean log cost per (DRG, level), compared within DRGs.
    var sums: [String: (Double, Int)] = [:]
    for row in table.dropFirst() where row[target] == "ES15" {
      let key = "\(levels[row[hospital]]!)"
      let value = log(Double(row[cost])!)
      sums[key, default: (0, 0)].0 += value
      sums[key, default: (0, 0)].1 += 1
    }
    let mean = { (level: String) in sums[level]!.0 / Double(sums[level]!.1) }
    #expect(mean("3") > mean("2"))
    #expect(mean("2") > mean("1"))
  }
}
