extension CaseRecordParser {
  /// Groups the case of the last record parsed (the allocation-free path of `drg group`).
  @inline(__always)
  package func grouped(by tables: GroupingTables) -> GroupingResult {
    var observer = SilentObserver()
    return tables.group(
      fields, codes,
      principalEmpty: principalEmpty, observer: &observer)
  }

  /// The codes of the last record parsed, as rows.
  var codes: CaseCodes { CaseCodes(diagnoses: diagnoses, procedures: procedures) }
}
