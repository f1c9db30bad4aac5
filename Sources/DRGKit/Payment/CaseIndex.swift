/// The pool and the hospital id of every case, found in parallel blocks so that the
/// settlement's sums run on integers.
struct CaseIndex {
  /// Pool per case by the `insurance` column (−1: no pool takes it).
  var pool: [Int]
  /// Hospital id per case: an index into ``hospitalNames``.
  var hospital: [Int32]
  /// Hospital ids in order of first appearance.
  var hospitalNames: [String]

  init(cases: [SettlementCase], poolByInsurance: [String: Int], fallback: Int?) {
    let count = cases.count
    let blockSize = 65_536
    let blocks = (count + blockSize - 1) / blockSize
    let names = BlockResults<[String]>(count: max(blocks, 1))
    var pool = [Int](repeating: -1, count: count)
    var hospital = [Int32](repeating: 0, count: count)
    cases.withUnsafeBufferPointer { input in
      let source = SharedBuffer(input)
      pool.withUnsafeMutableBufferPointer { poolOutput in
        let pools = SharedMutableBuffer(poolOutput)
        hospital.withUnsafeMutableBufferPointer { hospitalOutput in
          let hospitals = SharedMutableBuffer(hospitalOutput)
          forEachBlock(count: count, blockSize: blockSize) { block, range in
            // Block-local ids, mapped to global ones below.
            var local: [String: Int32] = [:]
            var localNames: [String] = []
            for index in range {
              pools.base[index] = poolByInsurance[source.base[index].insurance] ?? fallback ?? -1
              let name = source.base[index].hospital
              if let id = local[name] {
                hospitals.base[index] = id
              } else {
                let id = Int32(localNames.count)
                local[name] = id
                localNames.append(name)
                hospitals.base[index] = id
              }
            }
            names.set(block, localNames)
          }
        }
      }
    }
    var global: [String: Int32] = [:]
    var hospitalNames: [String] = []
    for block in 0..<blocks {
      let localNames = names.take(block) ?? []
      let remap = localNames.map { name -> Int32 in
        if let id = global[name] { return id }
        let id = Int32(hospitalNames.count)
        global[name] = id
        hospitalNames.append(name)
        return id
      }
      let range = block * blockSize..<min(count, (block + 1) * blockSize)
      for index in range { hospital[index] = remap[Int(hospital[index])] }
    }
    self.pool = pool
    self.hospital = hospital
    self.hospitalNames = hospitalNames
  }
}
