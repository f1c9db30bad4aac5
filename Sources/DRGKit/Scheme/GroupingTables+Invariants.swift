#if DEBUG
  extension GroupingTables {
    /// Stops the program when the tables break a rule the engine relies on (see
    /// ``invariantViolations()``). Called after every scheme load in debug builds: the
    /// engine reads these tables without bounds checks, so a broken table would give wrong
    /// groups rather than an error.
    func checkInvariants() {
      let violations = invariantViolations()
      precondition(
        violations.isEmpty,
        "the grouping tables are inconsistent:\n" + violations.joined(separator: "\n"))
    }

    /// Every broken invariant, one line each (empty when the tables are sound):
    /// - table sizes agree with the number of code rows, lists, exclusion keys and tags;
    /// - every node refers to lists, tag tables, numbers and departments that exist, and
    ///   only to child nodes before it (so evaluation ends); numeric nodes never read the
    ///   department;
    /// - MDC, ADRG and DRG roots are nodes, and the ADRG and DRG ranges lie inside the
    ///   tables;
    /// - CC/MCC entries hold a level 1 or 2 and an exclusion key that exists, and the
    ///   exclusion index is a valid CSR layout;
    /// - the candidate index marks exactly the rows in each guard's list.
    func invariantViolations() -> [String] {
      var problems: [String] = []
      let rows = tagRows
      checkSizes(rows: rows, &problems)
      checkNodes(&problems)
      checkEntries(&problems)
      checkComplications(rows: rows, &problems)
      if problems.isEmpty { checkCandidates(rows: rows, &problems) }
      return problems
    }

    private func checkSizes(rows: Int, _ problems: inout [String]) {
      if rows < 1 { problems.append("no code rows (row 0, the unknown code, is missing)") }
      if membership.count != rows * wordsPerRow {
        problems.append(
          "membership has \(membership.count) words for \(rows) rows of \(wordsPerRow)")
      }
      if listCount > wordsPerRow * 64 {
        problems.append("\(listCount) lists do not fit in \(wordsPerRow) words a row")
      }
      if complicationOf.count != rows {
        problems.append("complicationOf has \(complicationOf.count) entries for \(rows) rows")
      }
      if excludedStart.count != rows + 1 {
        problems.append("excludedStart has \(excludedStart.count) entries for \(rows) rows")
      }
      if rows > 0, tagByRow.count % rows != 0 {
        problems.append("tagByRow has \(tagByRow.count) entries, not a multiple of \(rows)")
      }
      if adrgAmbiguous.count != adrgRoot.count || adrgDRGs.count != adrgRoot.count
        || adrgGuard.count != adrgRoot.count
      {
        problems.append("the ADRG tables differ in length")
      }
      if mdcADRGs.count != mdcRoot.count || mdcGuard.count != mdcRoot.count {
        problems.append("the MDC tables differ in length")
      }
      if membership.count > 0, membership[0..<wordsPerRow].contains(where: { $0 != 0 }) {
        problems.append("row 0 (unknown codes) is in a list")
      }
    }

    private func checkNodes(_ problems: inout [String]) {
      let tagTableCount = tagRows > 0 ? tagByRow.count / tagRows : 0
      func inside(_ start: Int32, _ count: Int32, _ total: Int) -> Bool {
        start >= 0 && count >= 0 && Int(start) + Int(count) <= total
      }
      for index in nodes.indices {
        let node = nodes[index]
        let problem: String? =
          switch node.operation {
          case .constant: node.a == 0 || node.a == 1 ? nil : "a constant other than 0 or 1"
          case .not: (0..<Int32(index)).contains(node.a) ? nil : "child \(node.a) not before it"
          case .and, .or:
            !inside(node.a, node.b, children.count)
              ? "children \(node.a)+\(node.b) outside the \(children.count) children"
              : children[Int(node.a)..<Int(node.a + node.b)].contains {
                !(0..<Int32(index)).contains($0)
              } ? "a child not before it" : nil
          case .codeIn:
            (0..<Int32(listCount)).contains(node.a)
              ? nil : "list \(node.a) of \(listCount)"
          case .complication: node.a == 1 || node.a == 2 ? nil : "CC level \(node.a)"
          case .tagCount:
            (0..<Int32(tagTableCount)).contains(node.a)
              ? nil : "tag table \(node.a) of \(tagTableCount)"
          case .compare: node.field == .dept ? "a numeric comparison of the department" : nil
          case .fieldIn:
            node.field == .dept
              ? "a numeric comparison of the department"
              : inside(node.a, node.b, numbers.count)
                ? nil : "numbers \(node.a)+\(node.b) outside the \(numbers.count) numbers"
          case .deptIn:
            !inside(node.a, node.b, departments.count)
              ? "departments \(node.a)+\(node.b) outside the \(departments.count) departments"
              : node.comparison == .equal || node.comparison == .notEqual
                ? nil : "a department compared with \(node.comparison.rawValue)"
          }
        if let problem { problems.append("node \(index) (\(node.operation)): \(problem)") }
      }
    }

    private func checkEntries(_ problems: inout [String]) {
      let nodeRange = 0..<Int32(nodes.count)
      for (kind, roots) in [("MDC", mdcRoot), ("ADRG", adrgRoot), ("DRG", drgRoot)] {
        for (index, root) in roots.enumerated() where !nodeRange.contains(root) {
          problems.append("\(kind) \(index): root node \(root) of \(nodes.count)")
        }
      }
      func checkRanges(
        _ kind: String, _ ranges: UnsafeMutableBufferPointer<Range<Int32>>, count: Int,
        of inner: String
      ) {
        var next: Int32 = 0
        for (index, range) in ranges.enumerated() {
          if range.lowerBound != next || range.upperBound > Int32(count) {
            problems.append(
              "\(kind) \(index): \(inner)s \(range) do not follow \(next) inside \(count)")
          }
          next = range.upperBound
        }
        if next != Int32(count) {
          problems.append("the \(kind)s hold \(next) \(inner)s of \(count)")
        }
      }
      checkRanges("MDC", mdcADRGs, count: adrgRoot.count, of: "ADRG")
      checkRanges("ADRG", adrgDRGs, count: drgRoot.count, of: "DRG")
      for (kind, guards) in [("MDC", mdcGuard), ("ADRG", adrgGuard)] {
        for (index, guardFact) in guards.enumerated()
        where guardFact.kind != .none && !(0..<Int32(listCount)).contains(guardFact.list) {
          problems.append("\(kind) \(index): guard list \(guardFact.list) of \(listCount)")
        }
      }
    }

    private func checkComplications(rows: Int, _ problems: inout [String]) {
      for (row, entry) in complicationOf.enumerated() where entry != 0 {
        let level = entry >> Self.complicationLevelShift
        let key = Int(entry & (1 << Self.complicationLevelShift - 1)) - 1
        if level != 1 && level != 2 || key >= exclusionKeyCount {
          problems.append("row \(row): CC/MCC entry with level \(level), exclusion key \(key)")
        }
      }
      guard excludedStart.count == rows + 1 else { return }
      if excludedStart.first != 0 || Int(excludedStart.last!) != excludedTables.count
        || zip(excludedStart, excludedStart.dropFirst()).contains(where: { $0 > $1 })
      {
        problems.append("excludedStart is not a CSR index of the excluded tables")
      }
      if excludedTables.contains(where: { !(0..<Int32(exclusionKeyCount)).contains($0) }) {
        problems.append("an excluded exclusion key is not below \(exclusionKeyCount)")
      }
    }

    /// Each guard's bit is set for a row exactly when the row is in the guard's list:
    /// every set bit is checked against the list, and the number of set bits per guard
    /// against the size of its list. Only set bits are visited, so a debug load of a large
    /// scheme stays fast.
    private func checkCandidates(rows: Int, _ problems: inout [String]) {
      if candidates.isUsable != (mdcGuard.count <= 64) {
        problems.append("the candidate index is usable with \(mdcGuard.count) MDCs")
        return
      }
      var listSize = [Int](repeating: 0, count: wordsPerRow * 64)
      for row in 1..<max(rows, 1) {
        for word in 0..<wordsPerRow {
          var bits = membership[row * wordsPerRow + word]
          while bits != 0 {
            listSize[word * 64 + bits.trailingZeroBitCount] += 1
            bits &= bits &- 1
          }
        }
      }
      let index = candidates
      func check(
        _ kind: String, _ guards: some Collection<RuleGuard>, words: Int,
        unguarded: (Int) -> UInt64, principal: UnsafeMutableBufferPointer<UInt64>,
        mainProcedure: UnsafeMutableBufferPointer<UInt64>
      ) {
        let guards = Array(guards)
        var marked = [Int](repeating: 0, count: guards.count)
        var outside = 0
        for (guardKind, masks) in [
          (RuleGuard.Kind.principalDiagnosis, principal), (.mainProcedure, mainProcedure),
        ] {
          for row in 0..<rows {
            for word in 0..<words {
              var bits = masks[row * words + word]
              while bits != 0 {
                let position = word * 64 + bits.trailingZeroBitCount
                bits &= bits &- 1
                if position >= guards.count || guards[position].kind != guardKind
                  || !contains(row: UInt32(row), list: guards[position].list)
                {
                  outside += 1
                } else {
                  marked[position] += 1
                }
              }
            }
          }
        }
        if outside > 0 {
          problems.append("\(outside) rows marked as \(kind) candidates outside their guard")
        }
        for (position, guardFact) in guards.enumerated() {
          let bit: UInt64 = 1 << UInt64(position % 64)
          if (unguarded(position / 64) & bit != 0) != (guardFact.kind == .none) {
            problems.append("\(kind) \(position): unguarded bit disagrees with its guard")
          }
          if guardFact.kind != .none, marked[position] != listSize[Int(guardFact.list)] {
            problems.append(
              "\(kind) \(position): \(marked[position]) rows marked, its list has "
                + "\(listSize[Int(guardFact.list)])")
          }
        }
      }
      guard index.isUsable else { return }
      check(
        "MDC", mdcGuard, words: 1, unguarded: { _ in index.mdcUnguarded },
        principal: index.mdcByPrincipal, mainProcedure: index.mdcByMainProcedure)
      check(
        "ADRG", adrgGuard, words: index.adrgWords, unguarded: { index.adrgUnguarded[$0] },
        principal: index.adrgByPrincipal, mainProcedure: index.adrgByMainProcedure)
    }
  }
#endif
