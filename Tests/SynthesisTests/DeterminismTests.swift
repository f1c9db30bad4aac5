import DRGKit
import Foundation
import Testing

@Suite("drg synth: determinism")
struct DeterminismTests {
  @Test("the same seed gives the same bytes, even with recipes found afresh")
  func sameSeedSameBytes() throws {
    let first = SynthesisFixtures.temporary("a.csv")
    let second = SynthesisFixtures.temporary("b.csv")
    defer {
      try? FileManager.default.removeItem(atPath: first)
      try? FileManager.default.removeItem(atPath: second)
    }
    _ = try CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 42).write(count: 3000, to: first)
    let scheme = try Scheme(directory: SynthesisFixtures.demoScheme)
    _ = try CaseSynthesizer(scheme: scheme, seed: 42).write(count: 3000, to: second)
    let a = try Data(contentsOf: URL(fileURLWithPath: first))
    let b = try Data(contentsOf: URL(fileURLWithPath: second))
    #expect(a.count > 100_000)
    #expect(a == b)
  }

  @Test("different seeds give different files")
  func differentSeedsDiffer() throws {
    let synthesizer = CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 1)
    let first = SynthesisFixtures.temporary("1.csv")
    let second = SynthesisFixtures.temporary("2.csv")
    defer {
      try? FileManager.default.removeItem(atPath: first)
      try? FileManager.default.removeItem(atPath: second)
    }
    _ = try synthesizer.write(count: 500, to: first)
    _ = try synthesizer.reseeded(2).write(count: 500, to: second)
    let a = try Data(contentsOf: URL(fileURLWithPath: first))
    let b = try Data(contentsOf: URL(fileURLWithPath: second))
    #expect(a != b)
    // Same header, same number of rows.
    let lines = { (data: Data) in String(decoding: data, as: UTF8.self).split(separator: "\n") }
    #expect(lines(a).count == 501)
    #expect(lines(b).count == 501)
    #expect(lines(a).first == lines(b).first)
  }

  @Test("reseeding gives the same file as a synthesizer built with that seed")
  func reseededSynthesizerMatchesFreshOne() throws {
    let path1 = SynthesisFixtures.temporary("r1.csv")
    let path2 = SynthesisFixtures.temporary("r2.csv")
    defer {
      try? FileManager.default.removeItem(atPath: path1)
      try? FileManager.default.removeItem(atPath: path2)
    }
    _ = try CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 9).reseeded(5).write(
      count: 800, to: path1)
    _ = try CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 5).write(count: 800, to: path2)
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: path1))
        == Data(contentsOf: URL(fileURLWithPath: path2)))
  }
}
