/// The set-up the settle tests share: the grouped cases, the policy, the weights and any
/// further inputs written as files into a temporary directory, then `drg settle` run on
/// them with the output directory `out` inside it.
public struct SettleFiles {
  /// A further input: the option that names it, its file name and its text.
  public struct Input {
    public var option: String
    public var name: String
    public var text: String

    /// The input `option` names: `text` written to `name`.
    public init(_ option: String, _ name: String, _ text: String) {
      self.option = option
      self.name = name
      self.text = text
    }
  }

  /// The grouped cases' text, and the name of their file.
  public var grouped: String
  public var groupedName = "grouped.csv"
  /// The policy's text, and the name of its file.
  public var policy: String
  public var policyName = "policy.json"
  /// The weights file's text, or `nil` to give no `--weights`.
  public var weights: String?
  public var weightsName = "weights.csv"
  /// Inputs after `-o`, in command-line order.
  public var inputs: [Input] = []

  /// The files of one settle run; `policyName` is the policy file's name.
  public init(
    grouped: String, policy: String, weights: String?, inputs: [Input] = [],
    policyName: String = "policy.json"
  ) {
    self.grouped = grouped
    self.policy = policy
    self.weights = weights
    self.inputs = inputs
    self.policyName = policyName
  }

  /// Writes the files into `directory` and runs
  /// `drg settle GROUPED --policy POLICY [--weights WEIGHTS] -o OUT [INPUTS] [extra]`.
  /// - Returns: the run and the output directory.
  public func run(in directory: TemporaryDirectory, extra: [String] = []) throws -> (
    CommandRun, String
  ) {
    let output = directory.path + "/out"
    var line = [
      "settle", try directory.write(grouped, name: groupedName), "--policy",
      try directory.write(policy, name: policyName),
    ]
    if let weights { line += ["--weights", try directory.write(weights, name: weightsName)] }
    line += ["-o", output]
    for input in inputs {
      line += [input.option, try directory.write(input.text, name: input.name)]
    }
    return (CommandRun(line + extra), output)
  }
}
