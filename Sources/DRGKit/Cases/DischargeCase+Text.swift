extension DischargeCase {
  /// A case from the texts of its fields, read as `drg group` reads the canonical columns
  /// of a case file: for systems that hold a discharge as strings (a database row, a form)
  /// and group it at once.
  ///
  /// - Numbers (`age`, `ageDays`, `weight`, `lengthOfStay`, `leaving`, `icuHours`) are
  ///   decimals such as `67`, `3.5` or ` 7 `; anything else, and `nil`, is missing.
  /// - `sex` is `1`/`2` (or `1.0`/`2.0`) or `男`/`女`, else missing.
  /// - `department` is trimmed of blanks; blank is missing.
  /// - `diagnoses` and `procedures` are code lists (``codes(inList:)``): `I21.000|E11.900`.
  ///
  /// It costs a few hundred nanoseconds: the text is read as bytes, not as `Character`s
  /// (`String.split(separator:)` by `Character` alone takes longer than grouping the case).
  ///
  /// ```swift
  /// let record = DischargeCase(
  ///   sex: "2", age: "68", lengthOfStay: "5", leaving: "1",
  ///   diagnoses: "B17.900x006|S30.800x004", procedures: "94.2100")
  /// let outcome = scheme.group(record)
  /// ```
  public init(
    id: String = "", sex: String?, age: String?, ageDays: String? = nil,
    weight: String? = nil, department: String? = nil, lengthOfStay: String? = nil,
    leaving: String? = nil, icuHours: String? = nil, diagnoses: String,
    procedures: String = ""
  ) {
    func number(_ text: String?) -> Double? { text.flatMap(NumberParsing.decimal) }
    var sexNumber: Int?
    if var sex {
      // Bytes, not `String` comparisons (which cost more than reading every number here).
      sexNumber = sex.withUTF8 { bytes -> Int? in
        if let value = NumberParsing.decimal(bytes) {
          return value == 1 || value == 2 ? Int(value) : nil
        }
        if bytes.elementsEqual("男".utf8) { return 1 }
        if bytes.elementsEqual("女".utf8) { return 2 }
        return nil
      }
    }
    var trimmedDepartment: String?
    if var department {
      trimmedDepartment = department.withUTF8 { bytes in
        let trimmed = bytes.trimmingBlanks()
        return trimmed.isEmpty ? nil : trimmed.string()
      }
    }
    self.init(
      id: id, sex: sexNumber, age: number(age), ageDays: number(ageDays),
      weight: number(weight), department: trimmedDepartment,
      lengthOfStay: number(lengthOfStay), leaving: number(leaving),
      icuHours: number(icuHours), diagnoses: Self.codes(inList: diagnoses),
      procedures: Self.codes(inList: procedures))
  }

  /// The codes of a code list as a case file writes one (`I21.000|E11.900`): the entries
  /// between `|`, each trimmed of blanks. Empty entries are kept, so that an empty first
  /// entry stays an empty principal diagnosis (`|E11.900`); ``Scheme/group(_:)`` skips
  /// the others. A blank list has no codes.
  ///
  /// ```swift
  /// DischargeCase.codes(inList: "I21.000| E11.900")  // ["I21.000", "E11.900"]
  /// ```
  public static func codes(inList list: String) -> [String] {
    var list = list
    return list.withUTF8 { bytes -> [String] in
      guard !bytes.trimmingBlanks().isEmpty else { return [] }
      var count = 1
      for byte in bytes where byte == ASCII.pipe { count += 1 }
      var codes: [String] = []
      codes.reserveCapacity(count)
      var start = 0
      for index in 0...bytes.count where index == bytes.count || bytes[index] == ASCII.pipe {
        codes.append(UnsafeBufferPointer(rebasing: bytes[start..<index]).trimmingBlanks().string())
        start = index + 1
      }
      return codes
    }
  }
}
