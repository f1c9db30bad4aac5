/// How to make cases that group to one target: the code pools of each position and the
/// field constraints of a grouping path that was solved and checked with the engine, and
/// the patient profile of such cases.
struct CaseRecipe: Sendable {
  var target: SynthesisTarget
  /// Candidate principal diagnoses (rows), shuffled; earlier ones are drawn more often.
  var principal: [UInt32]
  /// Candidate main procedures; empty when the path needs none.
  var mainProcedure: [UInt32]
  /// Candidates of each secondary diagnosis the path needs.
  var secondaries: [[UInt32]]
  /// Candidates of each other procedure the path needs.
  var otherProcedures: [[UInt32]]
  var needsMCC: Bool
  var needsCC: Bool
  var forbidsMCC: Bool
  var forbidsCC: Bool
  /// `dx_tags` requirements: tag table and the allowed range of distinct tags.
  var tagCounts: [(table: Int, lowest: Int, highest: Int)]
  /// Per `dx_tags` requirement, per tag (number − 1): the codes whose CC/MCC level the path
  /// allows whatever the principal diagnosis (trauma codes are mostly CCs and MCCs).
  var tagPools: [[[UInt32]]]
  /// Numeric field constraints in ``PathConstraints/fields`` order.
  var fields: [FieldConstraint]
  /// Positions in ``DepartmentTable``, most likely first.
  var departments: [Int]
  var profile: CaseProfile

  /// Lists whose codes no secondary diagnosis may have (checked for `dx_tags` codes, which
  /// come from lists).
  var secondaryForbidden: [Int32]
}
