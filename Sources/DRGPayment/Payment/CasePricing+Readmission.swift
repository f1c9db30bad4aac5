import DRGKit
import Dispatch

extension CasePricing {
  /// ``applyReadmission(_:_:)`` on cases and prices held as columns.
  ///
  /// The keys of the stays that take part (``ReadmissionKey``) are put into 256 buckets in
  /// place by the top bits of the patient-id hash, so each bucket holds whole patients: the
  /// buckets are sorted and searched in parallel, and the rule is then applied bucket by
  /// bucket, which is the order of one sort of all the keys.
  public func applyReadmission(_ cases: SettlementCases, _ prices: inout CasePrices) {
    let rule = policy.readmission
    guard rule.enabled else { return }
    let exempt = Set(rule.exempt)
    // What the rule asks of a text, once per text id: grouped status, empty DRG, exempt code.
    let texts = cases.texts
    let grouped = texts.map { $0 == "grouped" }
    let emptyText = texts.map(\.isEmpty)
    let exemptText = texts.map { exempt.contains($0) }
    let found = BlockResults<[(earlier: Int, later: Int)]>(count: ReadmissionKey.buckets)
    // The keys and the snapshot of the prices live in this block only: once it ends, `prices`
    // is the sole owner of its pages again, so the writes below copy nothing (a snapshot
    // still alive would make every page written be copied: about 220 MB at 10M cases).
    do {
      var keys = ReadmissionKey.keys(of: cases) { index in
        cases.hasPatientID(at: index) && !emptyText[Int(cases.drgID[index])]
          && grouped[Int(cases.statusID[index])] && cases.dischargeDay(at: index) != nil
      }
      let starts = ReadmissionKey.partitionByHash(&keys)
      // DRGs are compared as Strings (as the cases' texts always were), by text id first.
      @Sendable func sameDRG(_ first: Int, _ second: Int) -> Bool {
        let left = cases.drgID[first]
        let right = cases.drgID[second]
        return left == right || texts[Int(left)] == texts[Int(right)]
      }
      let settled = prices
      keys.withUnsafeMutableBufferPointer { buffer in
        let shared = SharedMutableBuffer(buffer)
        DispatchQueue.concurrentPerform(iterations: ReadmissionKey.buckets) { bucket in
          let keys = UnsafeMutableBufferPointer(
            rebasing: shared.base[starts[bucket]..<starts[bucket + 1]])
          ReadmissionKey.sortByPatient(keys, cases: cases)
          // Fields are read from the columns so that no whole case is built.
          var pairs: [(earlier: Int, later: Int)] = []
          for (position, key) in keys.enumerated() {
            let earlier = key.index
            guard let discharge = cases.dischargeDay(at: earlier),
              settled.category(at: earlier) != .excluded, !exemptText[Int(cases.drgID[earlier])],
              !exemptText[Int(cases.adrgID[earlier])]
            else { continue }
            // Later stays of the same patient, by admission day: stop at a different patient
            // (different hash, or a different id within a run sorted by id) or past the window.
            var next = position + 1
            while next < keys.count, keys[next].hash == key.hash {
              let candidate = keys[next].index
              if !cases.samePatient(candidate, earlier) {
                // Within a run of one hash the ids are sorted, so a different id after this
                // patient's stays ends them; one before them cannot occur (stays are contiguous).
                break
              }
              let gap = keys[next].admit - discharge
              if gap > rule.days { break }
              if gap >= 0 && gap <= rule.days && sameDRG(candidate, earlier) {
                pairs.append((earlier, candidate))
                break
              }
              next += 1
            }
          }
          found.set(bucket, pairs)
        }
      }
    }
    for bucket in 0..<ReadmissionKey.buckets {
      for (earlier, later) in found.take(bucket) ?? [] {
        var price = prices[earlier]
        price.scale(by: rule.factor)
        let note =
          "readmitted to \(cases.drg(at: earlier)) within \(rule.days) days (case \(cases.caseID(at: later))): × \(rule.factor)"
        price.reason = price.reason.isEmpty ? note : price.reason + "; " + note
        prices[earlier] = price
      }
    }
  }
}

extension ReadmissionKey {
  /// The number of buckets of ``partitionByHash(_:)``.
  static let buckets = 256

  /// The bucket of a hash: its top 8 bits, the sign bit flipped so that bucket order is the
  /// order of the hashes as signed numbers.
  @inline(__always)
  static func bucket(_ hash: Int) -> Int {
    Int((UInt(bitPattern: hash) ^ (1 << (UInt.bitWidth - 1))) >> UInt(UInt.bitWidth - 8))
  }

  /// Moves `keys` in place so that bucket b (``bucket(_:)``) is `starts[b]..<starts[b + 1]`
  /// (an American-flag pass: one count, then each key swapped into its bucket's next
  /// place); returns `starts`. The order inside a bucket is left to ``sortByPatient(_:cases:)``.
  static func partitionByHash(_ keys: inout [ReadmissionKey]) -> [Int] {
    var starts = [Int](repeating: 0, count: buckets + 1)
    for key in keys { starts[bucket(key.hash) + 1] += 1 }
    for bucket in 0..<buckets { starts[bucket + 1] += starts[bucket] }
    var next = starts
    for bucket in 0..<buckets {
      while next[bucket] < starts[bucket + 1] {
        var key = keys[next[bucket]]
        var home = Self.bucket(key.hash)
        while home != bucket {
          swap(&key, &keys[next[home]])
          next[home] += 1
          home = Self.bucket(key.hash)
        }
        keys[next[bucket]] = key
        next[bucket] += 1
      }
    }
    return starts
  }

  /// Sorts `keys` by (hash, admission day, position), and a run of equal hashes holding
  /// more than one patient (a hash collision) by (patient id, admission day, position).
  static func sortByPatient(
    _ keys: UnsafeMutableBufferPointer<ReadmissionKey>, cases: SettlementCases
  ) {
    var keys = keys
    // Integer comparisons only.
    keys.sort { a, b in
      if a.hash != b.hash { return a.hash < b.hash }
      return a.admit != b.admit ? a.admit < b.admit : a.index < b.index
    }
    var runStart = 0
    while runStart < keys.count {
      var runEnd = runStart + 1
      var mixed = false
      while runEnd < keys.count && keys[runEnd].hash == keys[runStart].hash {
        if !cases.samePatient(keys[runEnd].index, keys[runStart].index) {
          mixed = true
        }
        runEnd += 1
      }
      if mixed {
        keys[runStart..<runEnd].sort { a, b in
          let left = cases.patientID(at: a.index)
          let right = cases.patientID(at: b.index)
          if left != right { return left < right }
          return a.admit != b.admit ? a.admit < b.admit : a.index < b.index
        }
      }
      runStart = runEnd
    }
  }
}
