import DRGKit

/// The pool and the hospital id of every case, found in parallel blocks from the cases'
/// text ids, so that the settlement's sums run on integers.
struct CaseIndex {
  /// Pool per case by the `insurance` column (−1: no pool takes it).
  var pool: [Int]
  /// Hospital id per case: an index into ``hospitalNames``.
  var hospital: [Int32]
  /// Hospital ids in order of first appearance.
  var hospitalNames: [String]

  init(cases: SettlementCases, poolByInsurance: [String: Int], fallback: Int?) {
    let count = cases.count
    // Pool of every text as an insurance value, and hospital number of every text as a
    // hospital id in order of first appearance (−1: not a hospital id).
    let poolOfText = cases.texts.map { poolByInsurance[$0] ?? fallback ?? -1 }
    // Texts are told apart by their bytes; hospitals by String equality, as the sums of
    // hospitals.csv always were (the first spelling seen names the hospital).
    var numberOfText = [Int32](repeating: -1, count: cases.texts.count)
    var numberOfName: [String: Int32] = [:]
    var hospitalNames: [String] = []
    for id in cases.hospitalID where numberOfText[Int(id)] < 0 {
      let name = cases.texts[Int(id)]
      if let number = numberOfName[name] {
        numberOfText[Int(id)] = number
      } else {
        let number = Int32(hospitalNames.count)
        numberOfName[name] = number
        numberOfText[Int(id)] = number
        hospitalNames.append(name)
      }
    }
    let hospitalOfText = numberOfText
    var pool = [Int](repeating: -1, count: count)
    var hospital = [Int32](repeating: 0, count: count)
    pool.withUnsafeMutableBufferPointer { poolOutput in
      let pools = SharedMutableBuffer(poolOutput)
      hospital.withUnsafeMutableBufferPointer { hospitalOutput in
        let hospitals = SharedMutableBuffer(hospitalOutput)
        forEachBlock(count: count, blockSize: 65_536) { _, range in
          for index in range {
            pools.base[index] = poolOfText[Int(cases.insuranceID[index])]
            hospitals.base[index] = hospitalOfText[Int(cases.hospitalID[index])]
          }
        }
      }
    }
    self.pool = pool
    self.hospital = hospital
    self.hospitalNames = hospitalNames
  }
}
