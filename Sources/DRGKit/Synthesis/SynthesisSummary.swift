/// Counts of one `drg synth` run.
public struct SynthesisSummary: Sendable, Equatable {
  /// Rows written (the header excluded).
  public var cases = 0
  /// Rows built to group to a DRG.
  public var aimedAtDRG = 0
  /// Rows built to land in an ambiguous (`…QY`) group.
  public var aimedAmbiguous = 0
  /// Rows built to be ungroupable.
  public var aimedUngroupable = 0
  /// Rows built to fail an input check, by ``InputProblem`` raw value.
  public var invalidByProblem = [Int](repeating: 0, count: InputProblem.allCases.count)
  /// Distinct patients.
  public var patients = 0
  /// Stays of a patient admitted again at most 15 days after the previous discharge.
  public var readmissionsWithin15Days = 0
  /// Stays of a patient returning later than that.
  public var laterReturns = 0
  /// Distinct hospitals in the cases written.
  public var hospitals = 0
  /// Bytes written.
  public var bytesWritten = 0
  /// Wall-clock seconds spent writing (recipes excluded; see ``SynthesisCoverage``).
  public var seconds = 0.0

  /// Empty counts.
  public init() {}

  /// Rows built to fail an input check.
  public var invalid: Int { invalidByProblem.reduce(0, +) }

  /// Rows built to fail the check `problem`.
  public func invalidCount(_ problem: InputProblem) -> Int {
    invalidByProblem[Int(problem.rawValue)]
  }

  /// One line for the terminal.
  public var description: String {
    "\(cases) cases: \(aimedAtDRG) aimed at DRGs, \(aimedAmbiguous) ambiguous, \(aimedUngroupable) ungroupable, \(invalid) invalid; \(patients) patients, \(readmissionsWithin15Days) readmissions within 15 days, \(laterReturns) later returns; \(hospitals) hospitals"
  }
}
