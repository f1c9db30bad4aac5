/// Cases parsed once and held in memory, in flat arrays, to be grouped in bulk: the
/// benchmark's group-only stage, or anything that regroups the same cases many times.
///
/// ```swift
/// var batch = CaseBatch()
/// // for each record: parser.parse(csv, in: bytes); batch.append(parser)
/// var results = [GroupingResult](repeating: GroupingResult(status: .invalid), count: batch.count)
/// results.withUnsafeMutableBufferPointer { batch.group(0..<batch.count, with: scheme, into: $0) }
/// ```
public struct CaseBatch: Sendable {
  /// Where one case's codes lie in ``codes``: its diagnoses, then its procedures.
  struct Layout {
    var start: Int
    var diagnoses: Int32
    var procedures: Int32
  }

  private var fields: [CaseFields] = []
  private var principalEmpty: [Bool] = []
  private var codes: [UInt32] = []
  private var layout: [Layout] = []

  /// How many cases ahead of the case being grouped the scheme's table entries are
  /// requested (see `GroupingTables.prefetch`). Distances of 4 to 16 measured alike; without
  /// the requests, grouping was about 1.5× slower.
  static let prefetchDistance = 8

  /// An empty batch.
  public init() {}

  /// The number of cases.
  public var count: Int { fields.count }

  /// Reserves room for `cases` cases of about `codesPerCase` codes each.
  public mutating func reserveCapacity(_ cases: Int, codesPerCase: Int = 6) {
    fields.reserveCapacity(cases)
    principalEmpty.reserveCapacity(cases)
    layout.reserveCapacity(cases)
    codes.reserveCapacity(cases * codesPerCase)
  }

  /// Appends the case `parser` read last.
  public mutating func append(_ parser: borrowing CaseRecordParser) {
    layout.append(
      Layout(
        start: codes.count, diagnoses: Int32(parser.diagnoses.count),
        procedures: Int32(parser.procedures.count)))
    codes.append(contentsOf: parser.diagnoses)
    codes.append(contentsOf: parser.procedures)
    fields.append(parser.fields)
    principalEmpty.append(parser.principalEmpty)
  }

  /// Groups the cases in `range`; the result of case `i` goes to `results[i - range.lowerBound]`.
  ///
  /// Requests each case's table entries a few cases ahead, so that the cache misses of
  /// several cases overlap. The results are those of ``Scheme/group(_:_:principalEmpty:)``.
  /// - Precondition: `results` holds at least `range.count` results.
  public func group(
    _ range: Range<Int>, with scheme: Scheme,
    into results: UnsafeMutableBufferPointer<GroupingResult>
  ) {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the batch")
    precondition(results.count >= range.count, "results too small for the range")
    let tables = scheme.tables
    codes.withUnsafeBufferPointer { codes in
      layout.withUnsafeBufferPointer { layout in
        fields.withUnsafeBufferPointer { fields in
          principalEmpty.withUnsafeBufferPointer { principalEmpty in
            func caseCodes(_ index: Int) -> CaseCodes {
              let entry = layout[index]
              let procedureStart = entry.start &+ Int(entry.diagnoses)
              return CaseCodes(
                diagnoses: UnsafeBufferPointer(rebasing: codes[entry.start..<procedureStart]),
                procedures: UnsafeBufferPointer(
                  rebasing: codes[procedureStart..<(procedureStart &+ Int(entry.procedures))]))
            }
            var observer = SilentObserver()
            for index in range {
              let ahead = index &+ Self.prefetchDistance
              if ahead < range.upperBound { tables.prefetch(caseCodes(ahead)) }
              results[index &- range.lowerBound] = tables.group(
                fields[index], caseCodes(index), principalEmpty: principalEmpty[index],
                observer: &observer)
            }
          }
        }
      }
    }
  }
}
