extension SchemeReport {
  /// One warning per repeated row of `cc.csv`, naming both lines and what counts.
  static func duplicateComplications(_ scheme: Scheme) -> [SchemeWarning] {
    scheme.duplicateComplications.map { duplicate in
      func describe(_ level: ComplicationLevel, _ exclusion: String) -> String {
        "\(level == .mcc ? "MCC" : "CC"), exclusion \(exclusion.isEmpty ? "none" : exclusion)"
      }
      let row = scheme.row(of: duplicate.code)
      let level = scheme.complications.level(of: row) == .mcc ? "MCC" : "CC"
      let tables = scheme.complications.exclusionTables(of: row).map {
        scheme.exclusionNames[Int($0)]
      }
      let counts =
        tables.isEmpty
        ? "as \(level) with no exclusion table"
        : "as \(level) with exclusion table\(tables.count == 1 ? "" : "s") \(tables.joined(separator: ", "))"
      return SchemeWarning(
        .duplicateComplication, file: "cc.csv", line: duplicate.line,
        "code \(duplicate.code) is listed again (line \(duplicate.firstLine): \(describe(duplicate.firstLevel, duplicate.firstExclusion)); line \(duplicate.line): \(describe(duplicate.level, duplicate.exclusion))); it counts \(counts)"
      )
    }
  }

  /// Codes without a name (one warning per code, saying where it is used), and codes of
  /// `cc_exclusion.csv` that are no diagnosis anywhere in the scheme.
  static func codeNames(_ scheme: Scheme) -> [SchemeWarning] {
    let rowCount = scheme.codes.count + 1
    let kinds = scheme.codeKinds
    func isNamed(_ row: UInt32) -> Bool {
      Int(row) < kinds.count && kinds[Int(row)] & CodeKind.named != 0
    }
    // Where each unnamed code is used, in the order first met.
    var places: [UInt32: [String]] = [:]
    var order: [UInt32] = []
    func note(_ row: UInt32, _ place: String) {
      guard row != 0, !isNamed(row) else { return }
      if places[row] == nil { order.append(row) }
      if places[row]?.contains(place) != true { places[row, default: []].append(place) }
    }
    for (list, members) in zip(scheme.listNames, scheme.listMembers) {
      for code in members { note(code + 1, "list \(list)") }
    }
    var isDiagnosis = Array(repeating: false, count: rowCount)
    for entry in scheme.complicationLines {
      note(entry.row, "cc.csv")
      isDiagnosis[Int(entry.row)] = true
    }
    for row in 1..<min(rowCount, kinds.count)
    where kinds[row] & CodeKind.namedDiagnosis != 0 {
      isDiagnosis[row] = true
    }
    for list in diagnosisLists(scheme) {
      guard let index = scheme.listNames.firstIndex(of: list) else { continue }
      for code in scheme.listMembers[index] { isDiagnosis[Int(code) + 1] = true }
    }
    var found: [SchemeWarning] = []
    var reported = Set<UInt32>()
    for entry in scheme.exclusionLines where entry.row != 0 {
      if isDiagnosis[Int(entry.row)] {
        note(entry.row, "cc_exclusion.csv")
      } else if reported.insert(entry.row).inserted {
        let code = scheme.code(ofRow: entry.row)
        let what =
          isNamed(entry.row)
          ? "a procedure code (proc_names.csv), not a diagnosis"
          : "not a diagnosis anywhere in the scheme (not in dx_names.csv, cc.csv or a list that diagnosis predicates read)"
        found.append(
          SchemeWarning(
            .exclusionCodeNotDiagnosis, file: "cc_exclusion.csv", line: entry.line,
            "code '\(code)' is \(what); no principal diagnosis of a case can match it unless the input has the same code: check it for a typo"
          ))
      }
    }
    for row in order {
      let code = scheme.code(ofRow: row)
      let usedIn = places[row] ?? []
      found.append(
        SchemeWarning(
          .unnamedCode, file: usedIn.first?.hasPrefix("list ") == true ? "lists.csv" : usedIn[0],
          "code \(code) has no name in dx_names.csv or proc_names.csv; it is in \(usedIn.prefix(5).joined(separator: ", "))\(usedIn.count > 5 ? " and \(usedIn.count - 5) more" : "")"
        ))
    }
    return found
  }

  /// The lists that diagnosis predicates read (`pdx`, `any_dx`, `other_dx`, `dx_tags`).
  private static func diagnosisLists(_ scheme: Scheme) -> Set<String> {
    var names = Set<String>()
    func collect(_ rule: RuleExpression) {
      switch rule {
      case .constant, .complication, .compare, .fieldIn: break
      case .not(let inner): collect(inner)
      case .and(let terms), .or(let terms): terms.forEach(collect)
      case .codeIn(let selector, let list):
        switch selector {
        case .pdx, .anyDiagnosis, .otherDiagnosis: names.insert(list.name)
        case .mainProcedure, .anyProcedure, .otherProcedure: break
        }
      case .diagnosisTagCount(let list, _, _): names.insert(list.name)
      }
    }
    for mdc in scheme.mdcs { collect(mdc.entry.rule) }
    for adrg in scheme.adrgs { collect(adrg.entry.rule) }
    for drg in scheme.drgs { collect(drg.entry.rule) }
    return names
  }
}
