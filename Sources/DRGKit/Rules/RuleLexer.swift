/// A token of the rule language.
struct RuleToken: Equatable {
  enum Kind: Equatable {
    /// Keywords, field names, list names, tags and numbers: letters, digits, `.` and `_`.
    case word(String)
    case string(String)
    case comparison(Comparison)
    case leftParen, rightParen, leftBracket, rightBracket, comma
    case end
  }

  var kind: Kind
  /// 1-based character column where the token starts.
  var column: Int
}

/// Splits rule text into tokens.
enum RuleLexer {
  /// - Throws: ``RuleSyntaxError`` at the first character that starts no token.
  static func tokens(_ text: String) throws(RuleSyntaxError) -> [RuleToken] {
    let characters = Array(text.unicodeScalars)
    var tokens: [RuleToken] = []
    var index = 0
    func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
      switch c.value {
      case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x5F: true
      case 0..<0x80: false
      default: c.properties.isAlphabetic
      }
    }
    /// The text of `characters[range]`.
    func slice(_ range: Range<Int>) -> String {
      if characters[range].allSatisfy({ $0.isASCII }) {
        return String(unsafeUninitializedCapacity: range.count) { buffer in
          for (offset, scalar) in characters[range].enumerated() {
            buffer[offset] = UInt8(truncatingIfNeeded: scalar.value)
          }
          return range.count
        }
      }
      var slice = ""
      slice.unicodeScalars.append(contentsOf: characters[range])
      return slice
    }
    while index < characters.count {
      let c = characters[index]
      let column = index + 1
      if c == " " || c == "\t" {
        index += 1
        continue
      }
      switch c {
      case "(": tokens.append(RuleToken(kind: .leftParen, column: column))
      case ")": tokens.append(RuleToken(kind: .rightParen, column: column))
      case "[": tokens.append(RuleToken(kind: .leftBracket, column: column))
      case "]": tokens.append(RuleToken(kind: .rightBracket, column: column))
      case ",": tokens.append(RuleToken(kind: .comma, column: column))
      case "=", "!", "<", ">":
        let next = index + 1 < characters.count ? characters[index + 1] : " "
        if next == "=" {
          let op: Comparison =
            switch c {
            case "=": .equal
            case "!": .notEqual
            case "<": .lessOrEqual
            default: .greaterOrEqual
            }
          tokens.append(RuleToken(kind: .comparison(op), column: column))
          index += 2
          continue
        }
        guard c == "<" || c == ">" else {
          throw RuleSyntaxError(
            message: c == "=" ? "use '==' to compare, not '='" : "expected '!=' after '!'",
            column: column)
        }
        tokens.append(RuleToken(kind: .comparison(c == "<" ? .less : .greater), column: column))
      case "\"":
        var end = index + 1
        while end < characters.count, characters[end] != "\"" { end += 1 }
        guard end < characters.count else {
          throw RuleSyntaxError(message: "unterminated string", column: column)
        }
        tokens.append(RuleToken(kind: .string(slice((index + 1)..<end)), column: column))
        index = end + 1
        continue
      default:
        guard isWordCharacter(c) else {
          throw RuleSyntaxError(message: "unexpected character '\(c)'", column: column)
        }
        var end = index
        while end < characters.count, isWordCharacter(characters[end]) { end += 1 }
        tokens.append(RuleToken(kind: .word(slice(index..<end)), column: column))
        index = end
        continue
      }
      index += 1
    }
    tokens.append(RuleToken(kind: .end, column: characters.count + 1))
    return tokens
  }
}
