extension Scheme {
  /// Groups one case given with text codes.
  public func group(_ record: DischargeCase) -> GroupingOutcome {
    var observer = SilentObserver()
    return outcome(group(record, observer: &observer))
  }

  /// Groups one case given with text codes and reports each step to `observer`.
  ///
  /// The codes are trimmed and looked up in place, their rows kept in stack memory: no
  /// array or string is made per case (this is the path of systems that group one case
  /// at a time, `drg-bench --stages case`).
  public func group<Observer: GroupingObserver>(
    _ record: DischargeCase, observer: inout Observer
  ) -> GroupingResult {
    let diagnosisCount = record.diagnoses.count
    let capacity = max(1, diagnosisCount + record.procedures.count)
    return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { rows in
      /// The row of `code` trimmed of blanks, or nil when nothing is left.
      func row(_ code: String) -> UInt32? {
        var code = code
        return code.withUTF8 { bytes in
          let trimmed = bytes.trimmingBlanks()
          return trimmed.isEmpty ? nil : self.row(of: trimmed)
        }
      }
      var diagnoses = 0
      var firstIsEmpty = false
      for (index, code) in record.diagnoses.enumerated() {
        if let found = row(code) {
          rows[diagnoses] = found
          diagnoses += 1
        } else if index == 0 {
          firstIsEmpty = true
        }
      }
      // As in a CSV field: an empty first entry with codes after it is an empty principal
      // diagnosis; only empty entries mean no diagnosis at all.
      let principalEmpty = firstIsEmpty && diagnoses > 0
      if principalEmpty { diagnoses = 0 }
      var procedures = 0
      for code in record.procedures {
        if let found = row(code) {
          rows[diagnosisCount + procedures] = found
          procedures += 1
        }
      }
      let base = UnsafeBufferPointer(rows)
      let codes = CaseCodes(
        diagnoses: UnsafeBufferPointer(rebasing: base[0..<diagnoses]),
        procedures: UnsafeBufferPointer(
          rebasing: base[diagnosisCount..<(diagnosisCount + procedures)]))
      return group(fields(of: record), codes, principalEmpty: principalEmpty, observer: &observer)
    }
  }
}

/// How one code of a case was read through a ``CodeLookup`` (see
/// ``Scheme/group(_:lookup:observer:)``): as written, as another code (a translation of
/// `--map`, or the scheme's spelling found in capitals), or not at all.
package struct CodeReading: Sendable, Equatable {
  /// `diagnosis` or `procedure`.
  package var kind: String
  /// The code as written, trimmed of blanks.
  package var code: String
  /// The scheme's code it was grouped as, or `nil` when the lookup does not know it.
  package var readAs: String?
}

extension Scheme {
  /// Groups one case with its codes looked up through `lookup` as `drg group` looks up a
  /// file's codes: as written in the lookup's table (with `--map`, a map's `from` code is
  /// its `to` code), else the only code (the scheme's, or a `from` code) that reads the
  /// same in capitals. Returns, besides the result, the case with each code found written
  /// as the scheme's code it was grouped as, and a reading for every code not read as
  /// written. Slower than ``group(_:observer:)`` (arrays per case): for `drg explain`.
  package func group<Observer: GroupingObserver>(
    _ record: DischargeCase, lookup: CodeLookup, observer: inout Observer
  ) -> (result: GroupingResult, record: DischargeCase, readings: [CodeReading]) {
    var readings: [CodeReading] = []
    var read = record
    /// The rows of `codes` (0 for an empty one), writing each found code in `read` as the
    /// scheme's code of its row.
    func rows(_ codes: inout [String], table: CodeTable, folding: CodeFolding, kind: String)
      -> [UInt32]
    {
      codes.indices.map { index in
        var code = codes[index]
        let (row, written) = code.withUTF8 { bytes -> (UInt32, String) in
          let trimmed = bytes.trimmingBlanks()
          guard !trimmed.isEmpty else { return (0, "") }
          let exact = table.row(of: trimmed)
          let row = exact != 0 ? exact : folding.find(trimmed)?.row ?? 0
          return (row, String(decoding: trimmed, as: UTF8.self))
        }
        guard !written.isEmpty else { return 0 }
        let scheme = row == 0 ? nil : self.code(ofRow: row)
        if scheme != written {
          readings.append(CodeReading(kind: kind, code: written, readAs: scheme))
        }
        if let scheme { codes[index] = scheme }
        return row
      }
    }
    let diagnosisRows = rows(
      &read.diagnoses, table: lookup.diagnoses, folding: lookup.diagnosisFolding,
      kind: "diagnosis")
    let procedureRows = rows(
      &read.procedures, table: lookup.procedures, folding: lookup.procedureFolding,
      kind: "procedure")
    // Empty entries are skipped, and a code no table knows is kept with row 0, as in
    // ``group(_:observer:)``, except that an empty first entry with codes after it is an
    // empty principal diagnosis.
    let nonEmpty = read.diagnoses.indices.filter { !read.diagnoses[$0].trimmingBlanks.isEmpty }
    let principalEmpty = !nonEmpty.isEmpty && nonEmpty.first != 0
    let diagnoses = principalEmpty ? [] : nonEmpty.map { diagnosisRows[$0] }
    let procedures = read.procedures.indices.filter {
      !read.procedures[$0].trimmingBlanks.isEmpty
    }.map { procedureRows[$0] }
    let result = diagnoses.withUnsafeBufferPointer { diagnoses in
      procedures.withUnsafeBufferPointer { procedures in
        group(
          fields(of: read), CaseCodes(diagnoses: diagnoses, procedures: procedures),
          principalEmpty: principalEmpty, observer: &observer)
      }
    }
    return (result, read, readings)
  }
}
