/// A `Duration` as a number of seconds, for the elapsed-time lines and rates every command
/// prints, written once instead of at each clock reading.
extension Duration {
  /// The duration in seconds (whole seconds plus attoseconds), as a `Double`.
  package var inSeconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
