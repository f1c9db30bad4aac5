/// For each code row, the MDCs and ADRGs whose guard (``RuleGuard``) that code satisfies as
/// principal diagnosis or as main procedure, as bitmasks.
///
/// A rule whose guard fails cannot hold, so the engine only needs to evaluate the
/// candidates: `byPrincipal[pdx] | byMainProcedure[main] | unguarded`, visited in
/// ascending order, which is the order the scheme tries them in. The result is exactly that
/// of trying every rule.
final class CandidateIndex: @unchecked Sendable {
  /// Words per row of the ADRG masks.
  let adrgWords: Int
  /// MDC masks (at most 64 MDCs are indexed; see ``isUsable``).
  let mdcByPrincipal: UnsafeMutableBufferPointer<UInt64>
  let mdcByMainProcedure: UnsafeMutableBufferPointer<UInt64>
  let mdcUnguarded: UInt64
  /// ADRG masks, `adrgWords` words per code row.
  let adrgByPrincipal: UnsafeMutableBufferPointer<UInt64>
  let adrgByMainProcedure: UnsafeMutableBufferPointer<UInt64>
  let adrgUnguarded: UnsafeMutableBufferPointer<UInt64>
  /// False for schemes with more than 64 MDCs, which are grouped without the index.
  let isUsable: Bool

  /// An index from the masks the compiled form of a scheme stores (``SchemeCache``); it
  /// owns the buffers: the four mask tables from ``TableMemory/allocateZeroed(_:count:)``,
  /// `adrgUnguarded` from ``TableMemory/allocate(_:count:)``.
  init(
    adrgWords: Int, mdcByPrincipal: UnsafeMutableBufferPointer<UInt64>,
    mdcByMainProcedure: UnsafeMutableBufferPointer<UInt64>, mdcUnguarded: UInt64,
    adrgByPrincipal: UnsafeMutableBufferPointer<UInt64>,
    adrgByMainProcedure: UnsafeMutableBufferPointer<UInt64>,
    adrgUnguarded: UnsafeMutableBufferPointer<UInt64>, isUsable: Bool
  ) {
    self.adrgWords = adrgWords
    self.mdcByPrincipal = mdcByPrincipal
    self.mdcByMainProcedure = mdcByMainProcedure
    self.mdcUnguarded = mdcUnguarded
    self.adrgByPrincipal = adrgByPrincipal
    self.adrgByMainProcedure = adrgByMainProcedure
    self.adrgUnguarded = adrgUnguarded
    self.isUsable = isUsable
  }

  init(rows: Int, mdcGuards: [RuleGuard], adrgGuards: [RuleGuard], membership: ListMembership) {
    isUsable = mdcGuards.count <= 64
    adrgWords = max(1, (adrgGuards.count + 63) / 64)
    mdcByPrincipal = TableMemory.allocateZeroed(UInt64.self, count: rows)
    mdcByMainProcedure = TableMemory.allocateZeroed(UInt64.self, count: rows)
    adrgByPrincipal = TableMemory.allocateZeroed(UInt64.self, count: rows * adrgWords)
    adrgByMainProcedure = TableMemory.allocateZeroed(UInt64.self, count: rows * adrgWords)
    adrgUnguarded = .allocate(capacity: adrgWords)
    adrgUnguarded.initialize(repeating: 0)
    let rowsOfList = Self.rowsOfLists(
      (mdcGuards.prefix(64) + adrgGuards).filter { $0.kind != .none }.map(\.list),
      rows: rows, membership: membership)
    var unguarded: UInt64 = 0
    for (index, guardFact) in mdcGuards.enumerated() where index < 64 {
      let bit: UInt64 = 1 << UInt64(index)
      switch guardFact.kind {
      case .none: unguarded |= bit
      case .principalDiagnosis, .mainProcedure:
        let target = guardFact.kind == .principalDiagnosis ? mdcByPrincipal : mdcByMainProcedure
        for row in rowsOfList[Int(guardFact.list)] { target[Int(row)] |= bit }
      }
    }
    mdcUnguarded = unguarded
    for (index, guardFact) in adrgGuards.enumerated() {
      let word = index / 64
      let bit: UInt64 = 1 << UInt64(index % 64)
      switch guardFact.kind {
      case .none: adrgUnguarded[word] |= bit
      case .principalDiagnosis, .mainProcedure:
        let target =
          guardFact.kind == .principalDiagnosis ? adrgByPrincipal : adrgByMainProcedure
        for row in rowsOfList[Int(guardFact.list)] { target[Int(row) * adrgWords + word] |= bit }
      }
    }
  }

  /// The rows (ascending, row 0 left out) of each of `lists`, from one pass over the
  /// bitmap; other lists get no rows. Asking every row about every guard's list took a
  /// seventh of loading CHS-DRG 1.1 (hundreds of guards times tens of thousands of rows).
  private static func rowsOfLists(_ lists: [Int32], rows: Int, membership: ListMembership)
    -> [[UInt32]]
  {
    let wordsPerRow = membership.wordsPerRow
    var wanted = [UInt64](repeating: 0, count: wordsPerRow)
    var result = [[UInt32]](
      repeating: [], count: max(membership.listCount, Int(lists.max() ?? 0) + 1, 1))
    for list in lists where list >= 0 && Int(list) < membership.listCount {
      wanted[Int(list >> 6)] |= 1 << UInt64(list & 63)
    }
    membership.withWords { words in
      for row in 1..<max(rows, 1) {
        for word in 0..<wordsPerRow {
          var bits = words[row * wordsPerRow + word] & wanted[word]
          while bits != 0 {
            result[word * 64 + bits.trailingZeroBitCount].append(UInt32(row))
            bits &= bits &- 1
          }
        }
      }
    }
    return result
  }

  deinit {
    TableMemory.free(mdcByPrincipal)
    TableMemory.free(mdcByMainProcedure)
    TableMemory.free(adrgByPrincipal)
    TableMemory.free(adrgByMainProcedure)
    adrgUnguarded.deallocate()
  }

  /// The candidate MDCs of a case with these principal and main-procedure rows.
  @inline(__always)
  func mdcs(principal: UInt32, mainProcedure: UInt32) -> UInt64 {
    mdcByPrincipal[Int(principal)] | mdcByMainProcedure[Int(mainProcedure)] | mdcUnguarded
  }

  /// Word `word` of the candidate ADRG mask.
  @inline(__always)
  func adrgs(word: Int, principal: UInt32, mainProcedure: UInt32) -> UInt64 {
    adrgByPrincipal[Int(principal) &* adrgWords &+ word]
      | adrgByMainProcedure[Int(mainProcedure) &* adrgWords &+ word] | adrgUnguarded[word]
  }
}
