import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// Deterministic mutation fuzzing of the two parsers that read untrusted text: CSV records
/// and rule expressions. Seeded inputs are mutated with a fixed-seed generator (flips,
/// inserted quotes, commas and line breaks, deletions, truncation, duplication); every
/// mutant must be handled without a crash and with the parsers' invariants intact.
@Suite("Mutation fuzzing")
struct MutationFuzzTests {
  static let interesting: [UInt8] = Array("\",\n\r|\" ,,\"\"\u{0}".utf8) + [0xE7, 0x94, 0xB7, 0xFF]

  static func mutate(_ input: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + random.below(4)) {
      switch random.below(6) {
      case 0 where !bytes.isEmpty:  // flip a byte
        bytes[random.below(bytes.count)] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
      case 1:  // insert a structural byte
        bytes.insert(
          interesting[random.below(interesting.count)], at: random.below(bytes.count + 1))
      case 2 where !bytes.isEmpty:  // delete a run
        let start = random.below(bytes.count)
        bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(8)))
      case 3:  // truncate
        bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
      case 4 where !bytes.isEmpty:  // duplicate a slice
        let start = random.below(bytes.count)
        let end = min(bytes.count, start + 1 + random.below(32))
        bytes.insert(contentsOf: bytes[start..<end], at: random.below(bytes.count + 1))
      default:  // replace a byte with a structural one
        if !bytes.isEmpty {
          bytes[random.below(bytes.count)] = interesting[random.below(interesting.count)]
        }
      }
    }
    return bytes
  }

  static let csvSeeds: [[UInt8]] = [
    Array("sex,age,diagnoses,procedures\n1,40,I10.x00,\n2,30,\"O80.000|Z37.000\",74.1x00\n".utf8),
    Array("a,\"b\nc\",d\r\n\"x\"\"y\",,\n\n1,2,3\n".utf8),
    Array("\u{FEFF}case_id,note\nC1,\"unterminated\nC2,ok\n".utf8),
  ]

  @Test func csvRecordParserKeepsItsInvariants() {
    var random = SeededGenerator(seed: 20_241_123)
    for iteration in 0..<20_000 {
      let input = Self.mutate(Self.csvSeeds[iteration % Self.csvSeeds.count], &random)
      input.withUnsafeBufferPointer { buffer in
        var parser = CSVRecordParser()
        var position = 0
        var records = 0
        while position < buffer.count {
          guard let next = parser.parse(buffer, from: position, line: 1, isFinal: true) else {
            Issue.record("nil with isFinal at \(position) of \(input)")
            return
          }
          // Progress, bounds, and fields inside the record or the scratch buffer.
          #expect(next > position && next <= buffer.count)
          #expect(parser.recordRange.lowerBound == position)
          #expect(parser.recordRange.upperBound <= next)
          for field in parser.fields {
            #expect(field.start <= field.end)
            #expect(field.end <= (field.inScratch ? parser.scratch.count : buffer.count))
          }
          if let problem = parser.problem {
            #expect(problem.line >= 1 && (problem.column ?? 1) >= 1)
          }
          position = next
          records += 1
        }
        #expect(records <= buffer.count)
        // Incremental parsing (isFinal false, then true) finds the same first record.
        var incremental = CSVRecordParser()
        if let first = incremental.parse(buffer, from: 0, line: 1, isFinal: false) {
          var whole = CSVRecordParser()
          #expect(whole.parse(buffer, from: 0, line: 1, isFinal: true) == first)
        }
      }
    }
  }

  @Test func fileGroupingReconcilesOnMangledFiles() throws {
    let scheme = try Scheme(
      directory: packageRoot.appendingPathComponent("grouper-tables/demo").path)
    let sample = try Array(
      Data(
        contentsOf: packageRoot.appendingPathComponent("grouper-tables/samples/demo-cases.csv")))
    let directory = try TemporaryDirectory()
    var random = SeededGenerator(seed: 7)
    for iteration in 0..<300 {
      var bytes = sample
      for _ in 0..<5 { bytes = Self.mutate(bytes, &random) }
      // Keep the header intact so the file is a case file at all.
      let headerEnd = sample.firstIndex(of: ASCII.lf)! + 1
      bytes = Array(sample[..<headerEnd]) + bytes.dropFirst(headerEnd)
      let input = try directory.write(bytes, name: "in-\(iteration).csv")
      var grouping = FileGrouping(scheme: scheme)
      grouping.blockSize = 64 + random.below(512)
      grouping.threads = 1 + random.below(3)
      let output = directory.file("out-\(iteration).csv")
      do {
        let summary = try grouping.run(input: input, output: output)
        #expect(summary.rowsRead == summary.rowsWritten)
        #expect(summary.byStatus.reduce(0, +) == summary.rowsRead)
        // Every row written: the output has one record per input record, plus the header.
        let written = try readAll(path: output).records.count
        #expect(written == summary.rowsWritten + 1)
      } catch let error as FileError where error.operation == .decode {
        continue  // bytes in neither encoding stop the run with a line number: fine
      } catch let error as RecordError
        where error.message.hasPrefix("the file has a header but no rows")
      {
        continue  // a mutation that left the header alone: refused like an empty file
      }
    }
  }

  static let ruleSeeds = [
    "pdx in MDCF and (main_proc in FM1.proc or any_proc in OR[1])",
    "not mcc and age <= 6 or dept in (\"0401\", \"07\")",
    "dx_tags(MDCZ) >= 2 and leaving == 5 and los < 3.5",
    "other_dx in L1 and other_proc in L2 and weight >= 1500 and sex != 2",
  ]

  @Test func ruleParserAcceptsOrRejectsWithAColumn() {
    var random = SeededGenerator(seed: 99)
    for iteration in 0..<20_000 {
      let seed = Array(Self.ruleSeeds[iteration % Self.ruleSeeds.count].utf8)
      let text = String(decoding: Self.mutate(seed, &random), as: UTF8.self)
      do {
        _ = try RuleParser.parse(text)
      } catch {
        #expect(error.column >= 1 && error.column <= text.unicodeScalars.count + 1, "\(text)")
        #expect(!error.message.isEmpty)
      }
    }
  }
}
