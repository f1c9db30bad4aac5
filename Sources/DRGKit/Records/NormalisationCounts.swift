/// What the readers of grouped files (`weights`, `settle`, `compare`, `audit`) read as
/// exports write it: values by ``ValueNormalisation`` kind, and values that could not be
/// read, for the summary of each command (as `drg group` counts them in its summary).
public struct NormalisationCounts: Sendable, Equatable {
  /// Normalised values by ``ValueNormalisation`` raw value.
  public var byKind = [Int](repeating: 0, count: ValueNormalisation.allCases.count)
  /// Values of a normalisable field (cost, days, 离院方式) that could not be read at all.
  public var unreadable = 0

  /// No value counted yet.
  public init() {}

  /// Whether nothing was normalised and every value was read.
  public var isEmpty: Bool { unreadable == 0 && byKind.allSatisfy { $0 == 0 } }

  /// Counts one value read with the normalisations in `kinds` (``ValueNormalisation`` bits).
  @inline(__always)
  mutating func add(_ kinds: UInt16) {
    guard kinds != 0 else { return }
    for kind in ValueNormalisation.allCases where kinds & kind.bit != 0 {
      byKind[kind.rawValue] += 1
    }
  }

  /// Counts the notes of one record read by ``CaseRecordParser``.
  package mutating func add(_ notes: ValueNotes) {
    for index in byKind.indices { byKind[index] += notes.counts[index] }
    unreadable += notes.unreadable.nonzeroBitCount
  }

  /// Adds the counts of a part of the input.
  public mutating func add(_ other: NormalisationCounts) {
    for index in byKind.indices { byKind[index] += other.byKind[index] }
    unreadable += other.unreadable
  }

  /// One line for a summary, e.g. `values read as exports write them: 3 thousands
  /// separator or currency, 1 unit removed`; `nil` when there is nothing to say.
  public var summaryLine: String? {
    guard !isEmpty else { return nil }
    var parts = ValueNormalisation.allCases.filter { byKind[$0.rawValue] > 0 }
      .map { "\(byKind[$0.rawValue]) \($0)" }
    if unreadable > 0 { parts.append("\(unreadable) unreadable (counted as missing)") }
    return "values read as exports write them: " + parts.joined(separator: ", ")
  }
}

/// The ``NormalisationCounts`` of one worker of a grouped-file reader, filled on the
/// general path of ``ExportValue`` only; a class, so that the reading closures can count
/// without a copy of the worker's state.
@usableFromInline package final class NormalisationTally {
  package private(set) var counts = NormalisationCounts()

  package init() {}

  /// Reads a value on the general path of ``ExportValue`` and counts what it normalised.
  @usableFromInline @inline(never)
  func read(_ reading: ExportValue.Reading) -> Double? {
    switch reading {
    case .missing: return nil
    case .unreadable:
      counts.unreadable += 1
      return nil
    case .value(let value, let kinds):
      counts.add(kinds)
      return value
    }
  }

  /// The counts so far, which start again from zero.
  package func take() -> NormalisationCounts {
    defer { counts = NormalisationCounts() }
    return counts
  }
}

// Inlinable: the grouped-file readers in DRGPayment and DRGAnalysis read a value with these
// on every row; only the plain path (``NumberParsing``) is inlined, the general one is a call.
extension ExportValue {
  /// ``cost(_:)``, counting what the general path normalised in `tally`.
  @inlinable @inline(__always)
  package static func cost(_ raw: UnsafeBufferPointer<UInt8>, tally: NormalisationTally) -> Double?
  {
    if let plain = NumberParsing.decimal(raw) { return plain }
    return raw.isEmpty ? nil : tally.read(number(raw, unit: .money))
  }

  /// ``days(_:)``, counting what the general path normalised in `tally`.
  @inlinable @inline(__always)
  package static func days(_ raw: UnsafeBufferPointer<UInt8>, tally: NormalisationTally) -> Double?
  {
    if let plain = NumberParsing.decimal(raw) { return plain }
    return raw.isEmpty ? nil : tally.read(number(raw, unit: .days))
  }

  /// ``leavingCode(_:)``, counting what the general path normalised in `tally`.
  @inlinable @inline(__always)
  package static func leavingCode(_ raw: UnsafeBufferPointer<UInt8>, tally: NormalisationTally)
    -> Double?
  {
    if let plain = NumberParsing.decimal(raw) { return plain }
    return raw.isEmpty ? nil : tally.read(leaving(raw))
  }
}
