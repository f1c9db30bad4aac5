/// Everything the engine reads while grouping, in flat buffers of plain values.
///
/// Built once when a scheme loads and never changed afterwards, so it is safe to share
/// across threads. The engine reads it through raw buffer pointers, which keeps reference
/// counting and bounds checks out of the per-case loop; every index stored here was
/// checked when the tables were built.
package final class GroupingTables: @unchecked Sendable {
  let nodes: UnsafeMutableBufferPointer<RuleProgram.Node>
  let children: UnsafeMutableBufferPointer<Int32>
  let numbers: UnsafeMutableBufferPointer<Double>
  let departments: UnsafeMutableBufferPointer<UInt32>
  /// Code-major list bitmap (see ``ListMembership``), read in place from `membershipOwner`.
  let membership: UnsafeMutableBufferPointer<UInt64>
  private let membershipOwner: AnyObject
  let wordsPerRow: Int
  /// CC/MCC (see ``ComplicationTable``).
  /// By code row, the level and exclusion table of a CC/MCC in one word, so that one load
  /// answers both: 0 for no CC/MCC, else the level (1 CC, 2 MCC) shifted left by
  /// ``complicationLevelShift``, plus the exclusion table + 1 (0 for none).
  let complicationOf: UnsafeMutableBufferPointer<UInt32>
  let excludedStart: UnsafeMutableBufferPointer<Int32>
  let excludedTables: UnsafeMutableBufferPointer<Int32>
  /// MDCs in order: root node and the range of their ADRGs.
  let mdcRoot: UnsafeMutableBufferPointer<Int32>
  let mdcADRGs: UnsafeMutableBufferPointer<Range<Int32>>
  /// ADRGs: root node, range of their DRGs, ambiguous flag.
  let adrgRoot: UnsafeMutableBufferPointer<Int32>
  let adrgDRGs: UnsafeMutableBufferPointer<Range<Int32>>
  let adrgAmbiguous: UnsafeMutableBufferPointer<Bool>
  /// DRGs: root node.
  let drgRoot: UnsafeMutableBufferPointer<Int32>
  /// Per MDC and per ADRG: a fact the rule cannot hold without (see ``RuleGuard``).
  let mdcGuard: UnsafeMutableBufferPointer<RuleGuard>
  let adrgGuard: UnsafeMutableBufferPointer<RuleGuard>
  /// `dx_tags` tables, one after another, each by code row: the row's tag number, 0 for
  /// none.
  let tagByRow: UnsafeMutableBufferPointer<UInt16>
  /// Code rows per `dx_tags` table in ``tagByRow``.
  let tagRows: Int
  let retryWithEachOtherProcedure: Bool
  /// Code bytes → code row.
  let codeTable: CodeTable
  /// Department bytes → department id + 1.
  let departmentTable: CodeTable
  /// Which MDCs and ADRGs a case's principal diagnosis and main procedure admit.
  let candidates: CandidateIndex
  /// Lists with an id (the bits of a membership row in use).
  let listCount: Int
  /// Exclusion keys: tables named in the files and sets of them (see
  /// ``ComplicationTable``).
  let exclusionKeyCount: Int

  init(
    program: RuleProgram, membership: ListMembership, complications: ComplicationTable,
    mdcs: [MDC], adrgs: [ADRG], drgs: [DRG], tagTables: [[UInt32: UInt16]],
    retryWithEachOtherProcedure: Bool, codes: ByteInterner, departmentCodes: ByteInterner,
    codeTable: CodeTable? = nil, candidates: CandidateIndex? = nil
  ) {
    // A compiled scheme (``SchemeCache``) passes the code table and candidate index it
    // stored, the two parts that take long to build.
    self.codeTable = codeTable ?? CodeTable(codes)
    departmentTable = CodeTable(departmentCodes)
    func copy<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
      // Never a zero-byte allocation, but the buffer's count is exactly the values'.
      let buffer = TableMemory.allocate(T.self, count: values.count)
      _ = buffer.initialize(from: values)
      return UnsafeMutableBufferPointer(rebasing: buffer[0..<values.count])
    }
    nodes = copy(program.nodes)
    children = copy(program.children)
    numbers = copy(program.numbers)
    departments = copy(program.departments)
    self.membership = UnsafeMutableBufferPointer(mutating: membership.words)
    membershipOwner = membership.owner
    wordsPerRow = membership.wordsPerRow
    listCount = membership.listCount
    exclusionKeyCount = complications.keyCount
    let levels = complications.levelByRow
    let exclusions = complications.exclusionByRow
    let complicationRows = min(levels.count, exclusions.count)
    let complicationOf = TableMemory.allocate(UInt32.self, count: complicationRows)
    for row in 0..<complicationRows {
      let level = levels[row]
      let table = exclusions[row]
      precondition(table < 1 << Self.complicationLevelShift - 1, "too many exclusion tables")
      complicationOf[row] =
        level == 0 ? 0 : UInt32(level) << Self.complicationLevelShift | UInt32(table + 1)
    }
    self.complicationOf = UnsafeMutableBufferPointer(rebasing: complicationOf[0..<complicationRows])
    excludedStart = copy(complications.excludedStartByRow)
    excludedTables = copy(complications.excludedTableIDs)
    mdcRoot = copy(mdcs.map(\.entry.root))
    mdcADRGs = copy(mdcs.map { Int32($0.adrgs.lowerBound)..<Int32($0.adrgs.upperBound) })
    adrgRoot = copy(adrgs.map(\.entry.root))
    adrgDRGs = copy(adrgs.map { Int32($0.drgs.lowerBound)..<Int32($0.drgs.upperBound) })
    adrgAmbiguous = copy(adrgs.map(\.isAmbiguous))
    drgRoot = copy(drgs.map(\.entry.root))
    mdcGuard = copy(mdcs.map { RuleGuard(program: program, root: $0.entry.root) })
    adrgGuard = copy(adrgs.map { RuleGuard(program: program, root: $0.entry.root) })
    self.candidates =
      candidates
      ?? CandidateIndex(
        rows: membership.words.count / max(membership.wordsPerRow, 1),
        mdcGuards: Array(mdcGuard), adrgGuards: Array(adrgGuard), membership: membership)
    let rows = membership.words.count / max(membership.wordsPerRow, 1)
    var tags = [UInt16](repeating: 0, count: tagTables.count * rows)
    for (table, tagOfRow) in tagTables.enumerated() {
      for (row, tag) in tagOfRow where Int(row) < rows { tags[table * rows + Int(row)] = tag }
    }
    tagByRow = copy(tags)
    tagRows = rows
    self.retryWithEachOtherProcedure = retryWithEachOtherProcedure
  }

  deinit {
    nodes.deallocate()
    children.deallocate()
    numbers.deallocate()
    departments.deallocate()
    complicationOf.deallocate()
    excludedStart.deallocate()
    excludedTables.deallocate()
    mdcRoot.deallocate()
    mdcADRGs.deallocate()
    adrgRoot.deallocate()
    adrgDRGs.deallocate()
    adrgAmbiguous.deallocate()
    drgRoot.deallocate()
    mdcGuard.deallocate()
    adrgGuard.deallocate()
    tagByRow.deallocate()
  }

  /// Where the level starts in an entry of ``complicationOf``.
  static let complicationLevelShift: UInt32 = 28

  /// Whether the code with row `row` is in list `list`.
  @inline(__always)
  func contains(row: UInt32, list: Int32) -> Bool {
    membership[Int(row) &* wordsPerRow &+ Int(list >> 6)] & (1 &<< UInt64(list & 63)) != 0
  }
}
