import DRGKit
import Foundation

extension Scheme {
  /// The scheme in `directory`, loaded as ``Scheme/init(directory:)`` loads it, with a
  /// missing table named by its path (`grouper-tables/x/drg.csv: file is missing`), so
  /// that the message says which directory was looked in.
  static func load(commandLine directory: String) throws(SchemeError) -> Scheme {
    do {
      return try Scheme(directory: directory)
    } catch {
      var error = error
      if case .missingFile = error.kind {
        error.file = (directory as NSString).appendingPathComponent(error.file)
      }
      throw error
    }
  }
}
