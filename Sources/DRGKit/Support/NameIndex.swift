/// Dense integer ids for names (hospitals, DRG codes, …), given in order of first
/// appearance, so that per-case data can hold an id instead of a string.
package struct NameIndex: Sendable {
  /// The names, by id.
  package private(set) var names: [String] = []
  private var ids: [String: Int] = [:]

  /// An index without names.
  package init() {}

  /// The id of `name`, added when new.
  package mutating func id(_ name: String) -> Int {
    if let id = ids[name] { return id }
    names.append(name)
    ids[name] = names.count - 1
    return names.count - 1
  }

  /// The id of `name`, or `nil` when it was never added.
  package func existingID(_ name: String) -> Int? { ids[name] }
}
