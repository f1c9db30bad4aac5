/// The toolkit's version.
public enum DRGKitVersion {
  /// The toolkit's version, as `drg --version` prints it.
  public static let current = "0.1.0"
}
