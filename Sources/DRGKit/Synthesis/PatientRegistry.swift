/// The most recent patients, so that some later cases can be readmissions of the same
/// patient: same `patient_id`, sex, age and insurance, admitted again after discharge.
struct PatientRegistry: Sendable {
  struct Patient: Sendable {
    var number: Int
    var sex: Int8
    var age: Int16
    var insurance: UInt8
    var hospital: Int16
    /// Recipe of the last stay.
    var recipe: Int32
    /// Day of the last discharge, counted from 2024-01-01.
    var discharge: Int32
  }

  private var ring: [Patient] = []
  private var next = 0
  let capacity: Int

  init(capacity: Int = 8192) {
    self.capacity = capacity
    ring.reserveCapacity(capacity)
  }

  var isEmpty: Bool { ring.isEmpty }

  /// A slot of a recent patient.
  @inline(__always)
  func randomSlot(_ random: inout SynthesisRandom) -> Int { random.below(ring.count) }

  subscript(slot: Int) -> Patient {
    get { ring[slot] }
    set { ring[slot] = newValue }
  }

  /// Remembers a patient, replacing the oldest when full.
  mutating func add(_ patient: Patient) {
    if ring.count < capacity {
      ring.append(patient)
    } else {
      ring[next] = patient
      next = (next + 1) % capacity
    }
  }
}
