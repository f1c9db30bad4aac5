import DRGKit
import DRGTestSupport
import Foundation
import Testing

@testable import DRGAnalysis

/// `drg diff`'s case-id check keeps a hash per case and reads the file again for the ids of
/// equal hashes (a pipe keeps the ids as text): a collision must never report a repeat and a
/// repeat must never be missed, whichever way. The expected lines are counted by hand from
/// the files written here (line 1 is the header).
@Suite("drg diff case ids by hash")
struct DiffCaseIDTests {
  static let scheme = try! Scheme(directory: Repository.demoScheme)

  /// The demo cases: the header, then one case per line with ids D01, D02, …
  static let lines = try! String(contentsOfFile: Repository.demoCases, encoding: .utf8)
    .split(separator: "\n").map(String.init)

  func migration(hash: (@Sendable (String) -> UInt64)? = nil) -> SchemeMigration {
    var migration = SchemeMigration(from: Self.scheme, to: Self.scheme)
    migration.threads = 2
    // Small blocks: several chunks, so hashes come in several sorted runs.
    migration.blockSize = 512
    if let hash { migration.caseIDHash = hash }
    return migration
  }

  /// The message of the error `run` throws, or `nil` when it succeeds.
  func failure(_ run: () throws -> MigrationResult) -> String? {
    do {
      _ = try run()
      return nil
    } catch let error as RecordError {
      return "\(error.line): \(error.message)"
    } catch {
      return "\(error)"
    }
  }

  /// Lines 2–4 the first three cases, line 5 the second again, line 6 the third again, line
  /// 7 the fourth case, line 8 the second again (its second repeat).
  static let repeatedFile =
    ([lines[0]] + lines[1...3] + [lines[2], lines[3], lines[4], lines[2]])
    .joined(separator: "\n") + "\n"
  static var repeatedMessage: String {
    let id2 = lines[2].split(separator: ",")[0]
    let id3 = lines[3].split(separator: ",")[0]
    return
      "5: 3 repeated case_ids: '\(id2)' on lines 3 and 5; '\(id3)' on lines 4 and 6; '\(id2)' on lines 3 and 8: every case needs its own id, or a changed case cannot be found again; fill in or remove those rows"
  }

  @Test func everyHashEqualStillFindsNoRepeatInUniqueIDs() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(Self.lines.joined(separator: "\n") + "\n", name: "unique.csv")
    // Every id has the same hash: all rows are candidates, read again and found distinct.
    let colliding = try migration(hash: { _ in 7 }).run(input: path)
    let plain = try migration().run(input: path)
    #expect(colliding.totalCases == Self.lines.count - 1)
    #expect(colliding.pairs == plain.pairs)
    #expect(colliding.changedCases == plain.changedCases)
  }

  @Test func repeatsAreFoundWithOrWithoutCollisions() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(Self.repeatedFile, name: "repeated.csv")
    #expect(failure { try migration().run(input: path) } == Self.repeatedMessage)
    #expect(failure { try migration(hash: { _ in 7 }).run(input: path) } == Self.repeatedMessage)
    // Two hashes for two ids (D02, D03) each repeated, and one more for the rest.
    let id2 = String(Self.lines[2].split(separator: ",")[0])
    let id3 = String(Self.lines[3].split(separator: ",")[0])
    let fewHashes: @Sendable (String) -> UInt64 = { $0 == id2 ? 1 : $0 == id3 ? 2 : 3 }
    #expect(failure { try migration(hash: fewHashes).run(input: path) } == Self.repeatedMessage)
  }

  /// Empty ids are counted in the first read, whatever the hashes.
  @Test func emptyIDsBesideRepeats() throws {
    let directory = try TemporaryDirectory()
    func withoutID(_ line: String) -> String {
      "," + line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)[1]
    }
    // Line 3 without an id, line 4 the first case again.
    let text =
      [Self.lines[0], Self.lines[1], withoutID(Self.lines[2]), Self.lines[1]]
      .joined(separator: "\n") + "\n"
    let path = try directory.write(text, name: "empty.csv")
    let id1 = Self.lines[1].split(separator: ",")[0]
    let expected = "3: 1 empty case_id (line 3); 1 repeated case_id: '\(id1)' on lines 2 and 4"
    #expect(
      failure { try migration(hash: { _ in 7 }).run(input: path) }?.hasPrefix(expected) == true)
    #expect(failure { try migration().run(input: path) }?.hasPrefix(expected) == true)
  }

  /// A pipe cannot be read twice: its ids are kept as text, so equal hashes alone make no
  /// repeat and real repeats are named as for a file.
  @Test func pipeKeepsIDsAsText() throws {
    let directory = try TemporaryDirectory()
    func throughPipe(_ text: String, hash: (@Sendable (String) -> UInt64)?) throws -> String? {
      let path = directory.file("pipe-\(UUID().uuidString)")
      #expect(mkfifo(path, 0o600) == 0)
      let writer = Thread {
        let handle = FileHandle(forWritingAtPath: path)!
        handle.write(Data(text.utf8))
        try? handle.close()
      }
      writer.start()
      return failure { try migration(hash: hash).run(input: path) }
    }
    let unique = Self.lines.joined(separator: "\n") + "\n"
    #expect(try throughPipe(unique, hash: { _ in 7 }) == nil)
    #expect(try throughPipe(Self.repeatedFile, hash: { _ in 7 }) == Self.repeatedMessage)
    #expect(try throughPipe(Self.repeatedFile, hash: nil) == Self.repeatedMessage)
  }

  /// Runs of sorted values: 3 twice in the first run, 5 in two runs, 9 in three; the rest
  /// once.
  @Test func repeatedValuesOfSortedRuns() {
    let runs: [[UInt64]] = [[1, 3, 3, 5, 9], [], [2, 5, 9, 12], [9], [0]]
    #expect(SortedRuns.repeatedValues(runs) == [3, 5, 9])
    #expect(SortedRuns.repeatedValues([[1, 2], [3], [4, 5]]) == [])
    #expect(SortedRuns.repeatedValues([]) == [])
  }
}
