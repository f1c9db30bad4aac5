import Foundation

/// libFuzzer harness `grouped`: the input bytes are a grouped file (the output of
/// `drg group`), read by every reader of grouped files (``GroupedColumns`` and the chunk
/// readers of `weights`, `settle`, `compare` and `audit`), each followed by its computation:
///
/// - ``FileWeighting`` twice (one 64 KB block on one thread; blocks of 16–112 bytes on two
///   threads): the same rows, cases and DRGs both times; rows read = cases used + rows left
///   out; the weights file it writes must read back (``PaymentWeights``, ``WeightsTable``)
///   when it lists a DRG;
/// - ``SettlementCase/readFile`` twice: the same cases both times, one per row, then settled
///   under the fixed policy of ``SettlementFixture`` with the weights just computed (its
///   report and files not made: the `policy` harness makes them);
/// - ``FileComparison`` and ``HospitalComparison`` (with the weights, 19 bootstrap
///   resamples; its files and report are not written, to keep the harness fast);
/// - ``FileAudit`` with every rule: rows read = rows used + rows skipped; its flags file
///   written.
///
/// Each reader may refuse the file only with a ``FileError`` (undecodable bytes, naming a
/// line) or a ``RecordError`` (header); when two readers both read the file, they count the
/// same rows.
enum GroupedFileHarness {
  static func run(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let input = FuzzSupport.write(data, size, to: "grouped.csv")
    let smallBlock = 16 + size % 97
    // One block for any input libFuzzer makes here (its length limit grows from the largest
    // seed, 10 KB); 64 KB rather than the commands' 4 MB, whose fresh pages cost more than
    // the reading.
    let oneBlock = 1 << 16
    let directory = FuzzSupport.scratchDirectory
    var rowCounts: [(String, Int)] = []

    // drg weights
    let weights = accepted("weights") { try weigh(input, threads: 1, block: oneBlock) }
    let weightsSmall = accepted("weights") { try weigh(input, threads: 2, block: smallBlock) }
    FuzzSupport.require(
      (weights == nil) == (weightsSmall == nil), "weights: only one block size read the file")
    var paymentWeights: PaymentWeights?
    var table: WeightsTable?
    if let weights, let weightsSmall {
      FuzzSupport.require(
        weights.rowsRead == weightsSmall.rowsRead && weights.cases == weightsSmall.cases
          && weights.excluded == weightsSmall.excluded
          && weights.groups.map(\.drg) == weightsSmall.groups.map(\.drg)
          && weights.groups.map(\.casesKept) == weightsSmall.groups.map(\.casesKept),
        "weights differ with block \(smallBlock)")
      FuzzSupport.require(
        weights.rowsRead == weights.cases + weights.excluded.total,
        "weights: \(weights.rowsRead) rows, \(weights.cases) used, \(weights.excluded.total) left out"
      )
      rowCounts.append(("weights", weights.rowsRead))
      _ = weights.summaryLines()
      let path = directory + "/weights.csv"
      do {
        try weights.write(to: path)
      } catch {
        FuzzSupport.require(false, "cannot write the weights: \(error)")
      }
      // A weights file without a DRG (every row left out) may be refused by its readers.
      if !weights.groups.isEmpty {
        do {
          paymentWeights = try PaymentWeights(path: path)
          table = try WeightsTable(path: path)
        } catch {
          FuzzSupport.require(false, "the weights file does not read back: \(error)")
        }
      }
    }

    // drg settle
    let settled = accepted("settle") {
      try SettlementCase.readFile(path: input, threads: 1, blockSize: oneBlock)
    }
    let settledSmall = accepted("settle") {
      try SettlementCase.readFile(path: input, threads: 2, blockSize: smallBlock)
    }
    FuzzSupport.require(
      (settled == nil) == (settledSmall == nil), "settle: only one block size read the file")
    if let settled, let settledSmall {
      FuzzSupport.require(
        settled.cases == settledSmall.cases, "settle: cases differ with block \(smallBlock)")
      rowCounts.append(("settle", settled.cases.count))
      SettlementFixture.settle(
        settled.cases, policy: SettlementFixture.policy,
        weights: paymentWeights ?? SettlementFixture.weights, writes: false)
    }

    // drg compare
    var reading = FileComparison(unit: .hospital)
    reading.threads = 1
    reading.blockSize = smallBlock
    if let cases = accepted("compare", { try reading.read(input: input) }) {
      rowCounts.append(("compare", cases.count + cases.unreadableRows + cases.rowsWithoutUnit))
      var options = ComparisonOptions()
      options.bootstrapReplicates = 19
      let comparison = HospitalComparison(cases: cases, weights: table, options: options)
      let perUnit = comparison.units.reduce(0) { $0 + $1.cases }
      FuzzSupport.require(
        perUnit == cases.count, "compare: units hold \(perUnit) of \(cases.count)")
    }

    // drg audit
    var audit = FileAudit()
    audit.threads = 1
    audit.blockSize = smallBlock
    if let report = accepted("audit", { try audit.run(input: input) }) {
      let counts = report.counts
      FuzzSupport.require(
        counts.rowsRead == counts.rowsUsed + counts.rowsSkipped,
        "audit: \(counts.rowsRead) rows, \(counts.rowsUsed) used, \(counts.rowsSkipped) skipped")
      rowCounts.append(("audit", counts.rowsRead))
      _ = report.summaryLines(options: audit.options)
      do {
        try report.write(to: directory + "/flags.csv")
      } catch {
        FuzzSupport.require(false, "cannot write the audit flags: \(error)")
      }
    }

    if let (_, first) = rowCounts.first {
      FuzzSupport.require(
        rowCounts.allSatisfy { $0.1 == first }, "readers count different rows: \(rowCounts)")
    }
  }

  private static func weigh(_ input: String, threads: Int, block: Int) throws -> CostWeights {
    var weighting = FileWeighting()
    weighting.threads = threads
    weighting.blockSize = block
    return try weighting.run(input: input)
  }

  /// The reader's result, or `nil` when it refused the file with an allowed error.
  private static func accepted<T>(_ reader: String, _ read: () throws -> T) -> T? {
    do {
      return try read()
    } catch let error as FileError {
      FuzzSupport.require(error.operation == .decode, "\(reader): unexpected file error \(error)")
      FuzzSupport.require((error.line ?? 0) >= 1, "\(reader): decode error without a line")
      return nil
    } catch let error as RecordError {
      FuzzSupport.require(!error.message.isEmpty, "\(reader): header error without a message")
      return nil
    } catch {
      FuzzSupport.require(false, "\(reader): unexpected error type \(error)")
      return nil
    }
  }
}
