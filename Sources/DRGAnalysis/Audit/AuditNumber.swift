@_spi(DRGPackage) import DRGKit
import DRGPayment

/// Fixed-point number text for the flags file and reasons, without `String(format:)`,
/// which is slow on Linux and would dominate a run with hundreds of thousands of flags.
enum AuditNumber {
  /// `value` rounded half away from zero to `digits` decimals (0…9), e.g. `fixed(2.5, 2)` is
  /// `2.50`; empty for NaN and infinities.
  static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e18 else { return String(value) }
    let units = UInt64(scaled)
    let power = UInt64(scale)
    var text = value < 0 && units != 0 ? "-" : ""
    text += String(units / power)
    if digits > 0 {
      let fraction = String(units % power)
      text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return text
  }

  /// Days: whole numbers without decimals (`7`), others with two (`19.21`).
  static func days(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : fixed(value, 2)
  }
}
