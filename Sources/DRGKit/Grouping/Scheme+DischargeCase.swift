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
