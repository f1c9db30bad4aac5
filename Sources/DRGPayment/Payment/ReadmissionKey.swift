/// A stay that takes part in the readmission rule, as sorted by (hash of the patient id,
/// admission day, position): 16 bytes, the day and the position in 4 bytes each (days
/// since 1970 of any date ``CalendarDay`` reads fit 4 bytes; positions up to 4,294,967,295).
struct ReadmissionKey: Sendable {
  /// A hash of the patient id (equal ids, equal hashes).
  var hash: Int
  private var admitDay: Int32
  private var position: UInt32

  /// The admission day (days since 1970-01-01).
  @inline(__always) var admit: Int { Int(admitDay) }
  /// The case's position in the store.
  @inline(__always) var index: Int { Int(position) }

  init(hash: Int, admit: Int, index: Int) {
    self.hash = hash
    admitDay = Int32(truncatingIfNeeded: admit)
    position = UInt32(truncatingIfNeeded: index)
  }

  /// The keys of the cases that have an admission day (a day beyond 4 bytes is left out, as
  /// no date is) and for which `takesPart` holds, in order of position. Made in parallel
  /// blocks written in place into one array, then closed up: the keys are held once, not
  /// once per block and again joined.
  static func keys(
    of cases: SettlementCases, where takesPart: @Sendable (Int) -> Bool
  ) -> [ReadmissionKey] {
    let count = cases.count
    precondition(count <= Int(UInt32.max) + 1, "more cases than a readmission key can number")
    let blockSize = 65_536
    let blocks = (count + blockSize - 1) / blockSize
    let filled = BlockResults<Int>(count: max(blocks, 1))
    return [ReadmissionKey](unsafeUninitializedCapacity: count) { buffer, initialized in
      let output = SharedMutableBuffer(buffer)
      forEachBlock(count: count, blockSize: blockSize) { block, range in
        var next = range.lowerBound
        for index in range {
          guard let admit = cases.admitDay(at: index),
            admit == Int(Int32(truncatingIfNeeded: admit)),
            takesPart(index)
          else { continue }
          (output.base.baseAddress! + next).initialize(
            to: ReadmissionKey(hash: cases.patientIDHash(at: index), admit: admit, index: index))
          next += 1
        }
        filled.set(block, next - range.lowerBound)
      }
      // Each block's keys moved down to follow the previous block's (never upwards, so a
      // forward copy never overwrites a key not yet moved).
      var end = 0
      for block in 0..<blocks {
        let start = block * blockSize
        let length = filled.take(block) ?? 0
        if start != end {
          for offset in 0..<length { buffer[end + offset] = buffer[start + offset] }
        }
        end += length
      }
      initialized = end
    }
  }
}
