@_spi(DRGPackage) import DRGKit

/// The stays ``ReadmissionRule`` checks (cases with a patient and a pair of dates), in
/// buckets by the top bits of the patient hash, so that the sort by patient and dates runs
/// on one bucket at a time, on contiguous keys (``StayKey``).
///
/// Sorting every stay at once through the paged columns cost the audit about 30% more CPU
/// than through arrays, and a contiguous key for every stay would take 24 bytes a case.
/// The buckets take 4 bytes a stay (the case indices, bucket after bucket) and one bucket's
/// keys at a time (about 32,768 stays). Since a bucket holds hashes whose top bits are all
/// below the next bucket's, the buckets sorted one after the other give the order of the
/// whole sort, and all stays of a patient are in one bucket.
struct StayBuckets {
  /// Case indices of the stays, bucket after bucket, in case order within a bucket.
  let order: [Int32]
  /// Where each bucket starts in ``order``, and the end.
  private let starts: [Int]

  /// Stays per bucket aimed at (for the number of cases; buckets vary with the hashes).
  static let defaultBucketSize = 1 << 15

  /// Number of buckets.
  var count: Int { starts.count - 1 }

  /// Puts the stays of `cases` in buckets of about `bucketSize` stays (or fewer for fewer
  /// cases; tests ask for small buckets).
  init(_ cases: AuditCases, bucketSize: Int = defaultBucketSize) {
    var bits = 0
    while cases.count >> bits > max(1, bucketSize), bits < 32 { bits += 1 }
    @inline(__always) func bucket(_ patient: UInt64) -> Int {
      bits == 0 ? 0 : Int(patient >> UInt64(64 - bits))
    }
    var starts = [Int](repeating: 0, count: (1 << bits) + 1)
    for index in 0..<cases.count where Self.isStay(cases, index) {
      starts[bucket(cases.patients[index]) + 1] += 1
    }
    for index in 1..<starts.count { starts[index] += starts[index - 1] }
    var next = starts
    var order = [Int32](repeating: 0, count: starts[starts.count - 1])
    for index in 0..<cases.count where Self.isStay(cases, index) {
      let bucket = bucket(cases.patients[index])
      order[next[bucket]] = Int32(index)
      next[bucket] += 1
    }
    self.order = order
    self.starts = starts
  }

  /// Whether case `index` has a patient and a usable pair of dates.
  @inline(__always)
  static func isStay(_ cases: AuditCases, _ index: Int) -> Bool {
    cases.patients[index] != 0 && cases.admissions[index] != AuditCases.noDate
  }

  /// The keys of bucket `bucket`'s stays, in case order, into `keys` (emptied first).
  func keys(_ bucket: Int, of cases: AuditCases, into keys: inout [StayKey]) {
    keys.removeAll(keepingCapacity: true)
    for position in starts[bucket]..<starts[bucket + 1] {
      let index = Int(order[position])
      keys.append(
        StayKey(
          patient: cases.patients[index], admission: cases.admissions[index],
          discharge: cases.discharges[index], index: Int32(index)))
    }
  }
}

/// A stay's sort key: patient hash, admission day, discharge day, then case index (so no
/// two keys are equal).
struct StayKey: Comparable {
  var patient: UInt64
  var admission: Int32
  var discharge: Int32
  var index: Int32

  @inline(__always)
  static func < (left: StayKey, right: StayKey) -> Bool {
    if left.patient != right.patient { return left.patient < right.patient }
    if left.admission != right.admission { return left.admission < right.admission }
    if left.discharge != right.discharge { return left.discharge < right.discharge }
    return left.index < right.index
  }
}
