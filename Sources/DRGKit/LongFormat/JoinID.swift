/// The order the tables of a long-format export must share: ids of digits only by their
/// number (length, then digits), before any other id, which compare byte by byte. This is
/// the order of `sort -n` for numeric ids and of `sort` (with `LC_ALL=C`) for others.
enum JoinID {
  /// Whether `a` comes before `b`.
  static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    let aDigits = a.allSatisfy(ASCII.isDigit)
    let bDigits = b.allSatisfy(ASCII.isDigit)
    if aDigits != bDigits { return aDigits }
    if aDigits {
      let aTrimmed = a.drop { $0 == ASCII.zero }
      let bTrimmed = b.drop { $0 == ASCII.zero }
      if aTrimmed.count != bTrimmed.count { return aTrimmed.count < bTrimmed.count }
      if !aTrimmed.elementsEqual(bTrimmed) { return aTrimmed.lexicographicallyPrecedes(bTrimmed) }
    }
    return a.lexicographicallyPrecedes(b)
  }
}
