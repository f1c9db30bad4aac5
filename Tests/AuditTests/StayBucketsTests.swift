@_spi(DRGPackage) import DRGKit
import DRGTestSupport
import Testing

@testable import DRGAnalysis

/// The readmission rule sorts its stays one bucket at a time: the buckets one after the
/// other must give the order of one sort of every stay, with each patient in one bucket.
@Suite("Stay buckets of the readmission rule")
struct StayBucketsTests {
  /// 5,000 random cases: 40 patients with random 64-bit hashes (so spread over the
  /// buckets' top bits), one case in 10 without a patient and one in 10 without dates, and
  /// dates from a small range so that many stays tie on patient and dates.
  static func cases() -> AuditCases {
    var random = SeededGenerator(seed: 20)
    let patients = (0..<40).map { _ in random.next() | 1 }
    var cases = AuditCases()
    let drg = cases.drg("GB15", adrg: "GB1", mdc: "MDCG")
    for line in 0..<5_000 {
      let patient = random.next() % 10 == 0 ? 0 : patients[Int(random.next() % 40)]
      let dated = random.next() % 10 != 0
      let admission = Int32(random.next() % 20)
      let discharge = admission + Int32(random.next() % 3)
      cases.append(
        line: UInt32(line + 2), hospital: AuditCases.noHospital, drg: drg, lengthOfStay: 1,
        patient: patient, admission: dated ? admission : AuditCases.noDate,
        discharge: dated ? discharge : AuditCases.noDate, category: 0, inPerDiemDepartment: true)
    }
    return cases
  }

  @Test(arguments: [1, 100, 1_000, 1 << 15])
  func bucketsInTurnGiveTheWholeSort(bucketSize: Int) {
    let cases = Self.cases()
    // The whole sort, as tuples: patient, admission, discharge, case index.
    var expected: [(UInt64, Int32, Int32, Int32)] = []
    for index in 0..<cases.count
    where cases.patients[index] != 0 && cases.admissions[index] != AuditCases.noDate {
      expected.append(
        (cases.patients[index], cases.admissions[index], cases.discharges[index], Int32(index)))
    }
    expected.sort { $0 < $1 }
    let buckets = StayBuckets(cases, bucketSize: bucketSize)
    #expect(buckets.order.count == expected.count)
    var found: [(UInt64, Int32, Int32, Int32)] = []
    var bucketOfPatient: [UInt64: Int] = [:]
    var keys: [StayKey] = []
    for bucket in 0..<buckets.count {
      buckets.keys(bucket, of: cases, into: &keys)
      keys.sort()
      for key in keys {
        found.append((key.patient, key.admission, key.discharge, key.index))
        #expect(bucketOfPatient[key.patient, default: bucket] == bucket)
        bucketOfPatient[key.patient] = bucket
      }
    }
    #expect(found.count == expected.count)
    #expect(zip(found, expected).allSatisfy { $0 == $1 })
    // 5,000 cases in buckets of 100 stays: 5,000 >> 6 = 78 ≤ 100, so 64 buckets.
    if bucketSize == 100 { #expect(buckets.count == 64) }
  }
}
