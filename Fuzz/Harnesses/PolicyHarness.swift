import Foundation

/// libFuzzer harness `policy`: the input bytes are a settlement policy file. It is read by
/// ``SettlementPolicy/load(path:)`` (JSON decoding with defaults, unknown keys refused, then
/// every value range-checked), as `drg settle --policy` does. Loading must either throw an
/// error with a message or give a policy without problems, which then settles the twelve
/// cases of ``SettlementFixture`` (pricing, point value, sharing bands, what-if, quality
/// deposit, every output file and the HTML report) without a trap, every case accounted for.
enum PolicyHarness {
  static func run(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = FuzzSupport.write(data, size, to: "policy.json")
    let policy: SettlementPolicy
    do {
      policy = try SettlementPolicy.load(path: path)
    } catch {
      FuzzSupport.require(!"\(error)".isEmpty, "policy error without a message")
      return
    }
    FuzzSupport.require(policy.problems().isEmpty, "loaded with problems: \(policy.problems())")
    SettlementFixture.settle(
      SettlementFixture.cases, policy: policy, weights: SettlementFixture.weights)
  }
}
