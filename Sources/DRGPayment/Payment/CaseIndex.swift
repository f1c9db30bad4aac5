import DRGKit

/// The pool and the hospital of every case, found from the cases' text ids, so that the
/// settlement's sums run on integers. Pools are held 1 byte a case (``CasePools``); the
/// hospital of a case is looked up from its hospital text id when asked, not held again.
struct CaseIndex {
  /// Pool per case by the `insurance` column (−1: no pool takes it).
  var pool: CasePools
  /// Hospital ids in order of first appearance.
  var hospitalNames: [String]
  /// The index into ``hospitalNames`` of each shared text id that is a hospital id.
  private let hospitalOfText: [Int32]
  /// The cases' hospital text ids (the store's column, shared, not copied).
  private let hospitalIDs: TextIDColumn

  init(cases: SettlementCases, poolByInsurance: [String: Int], fallback: Int?, pools: Int) {
    let count = cases.count
    // Pool of every text as an insurance value, and hospital number of every text as a
    // hospital id in order of first appearance (−1: not a hospital id).
    let poolOfText = cases.texts.map { poolByInsurance[$0] ?? fallback ?? -1 }
    // Texts are told apart by their bytes; hospitals by String equality, as the sums of
    // hospitals.csv always were (the first spelling seen names the hospital).
    var numberOfText = [Int32](repeating: -1, count: cases.texts.count)
    var numberOfName: [String: Int32] = [:]
    var hospitalNames: [String] = []
    for id in cases.hospitalID.idOfCode where numberOfText[Int(id)] < 0 {
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
    var pool = CasePools(count: count, pools: pools)
    let insurance = cases.insuranceID
    func fill<P: FixedWidthInteger>(_ output: UnsafeMutableBufferPointer<P>) {
      let pools = SharedMutableBuffer(output)
      forEachBlock(count: count, blockSize: 65_536) { _, range in
        for index in range {
          pools.base[index] = P(truncatingIfNeeded: poolOfText[Int(insurance[index])])
        }
      }
    }
    pool.withPools(fill, fill)
    self.pool = pool
    self.hospitalNames = hospitalNames
    hospitalOfText = numberOfText
    hospitalIDs = cases.hospitalID
  }

  /// The index into ``hospitalNames`` of the hospital of the case at `position`.
  @inline(__always)
  func hospital(at position: Int) -> Int { Int(hospitalOfText[Int(hospitalIDs[position])]) }
}
