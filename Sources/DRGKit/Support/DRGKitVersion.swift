/// The toolkit's version.
public enum DRGKitVersion {
  public static let current = "0.1.0"
}
