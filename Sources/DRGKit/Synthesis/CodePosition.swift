/// The codes allowed at one position of a case while a grouping path is solved: the
/// principal diagnosis, the main procedure, or one secondary diagnosis or other procedure
/// that a rule needs.
///
/// Lists are required or forbidden; once a list is required the candidate rows are kept as
/// a bitmap and narrowed by every later list, so a contradiction shows as an empty set.
struct CodePosition: Sendable {
  var required: [Int32] = []
  var forbidden: [Int32] = []
  /// The candidate rows once some list is required; `nil` means any code outside the
  /// forbidden lists.
  var candidates: RowSet?

  /// Requires a code of `list`. - Returns: `false` when no code is left.
  mutating func require(_ list: Int32, index: SynthesisCodeIndex) -> Bool {
    if !required.contains(list) {
      required.append(list)
      if candidates == nil {
        var set = index.listSets[Int(list)]
        for other in forbidden { set.subtract(index.listSets[Int(other)]) }
        candidates = set
      } else {
        candidates!.formIntersection(index.listSets[Int(list)])
      }
    }
    return !(candidates?.isEmpty ?? true)
  }

  /// Forbids codes of `list`. - Returns: `false` when no code is left.
  mutating func forbid(_ list: Int32, index: SynthesisCodeIndex) -> Bool {
    if !forbidden.contains(list) {
      forbidden.append(list)
      if candidates != nil, candidates!.intersects(index.listSets[Int(list)]) {
        candidates!.subtract(index.listSets[Int(list)])
      }
    }
    return !(candidates?.isEmpty ?? false)
  }

  /// Whether `row` fits the forbidden lists (the required ones are in ``candidates``).
  func admits(_ row: UInt32, scheme: Scheme) -> Bool {
    !forbidden.contains { scheme.membership.contains(row: row, list: $0) }
  }
}
