extension SettlementCases {
  /// The number of grouped cases (status `grouped`, a DRG given) per DRG code, read from
  /// the id columns: each distinct text is compared once, not once a case, so the weight
  /// coverage of 10M cases does not build 10M ``SettlementCase`` values.
  public var groupedCasesPerDRG: [String: Int] {
    let isGrouped = texts.map { $0 == "grouped" }
    var perText = [Int](repeating: 0, count: texts.count)
    for position in 0..<count where isGrouped[Int(statusID[position])] {
      perText[Int(drgID[position])] += 1
    }
    var result: [String: Int] = [:]
    for (text, cases) in zip(texts, perText) where cases > 0 && !text.isEmpty {
      result[text, default: 0] += cases
    }
    return result
  }
}
