import Foundation

/// libFuzzer harness `scheme`: the first input byte picks one table file of the demo scheme,
/// the remaining bytes replace that file in a private copy of the scheme, and the copy is
/// loaded. Loading must either succeed or throw a ``SchemeError`` that names the file; a
/// scheme that loads must group a case without crashing.
enum SchemeHarness {
  static func run(_ data: UnsafePointer<UInt8>, _ size: Int) {
    guard size >= 1 else { return }
    let file = SchemeCopy.files[Int(data[0]) % SchemeCopy.files.count]
    let contents = Data(bytes: data + 1, count: size - 1)
    let directory = SchemeCopy.directory
    let path = directory + "/" + file
    FuzzSupport.require(FileManager.default.createFile(atPath: path, contents: contents), "write")
    defer { SchemeCopy.restore(file) }
    do {
      let scheme = try Scheme(directory: directory)
      _ = scheme.group(
        DischargeCase(sex: 1, age: 67, diagnoses: ["J96.000", "J18.900"], procedures: ["96.7200"]))
    } catch {
      FuzzSupport.require(!error.file.isEmpty, "a scheme error without a file: \(error)")
    }
  }
}

/// A copy of the demo scheme in the fuzzing process's scratch directory.
enum SchemeCopy {
  /// The files a fuzz input can replace (the first input byte picks one).
  static let files = [
    "mdc.csv", "adrg.csv", "drg.csv", "lists.csv", "cc.csv", "cc_exclusion.csv",
    "dx_names.csv", "proc_names.csv", "scheme.json",
  ]

  /// The original bytes of every file.
  static let originals: [String: Data] = {
    var originals: [String: Data] = [:]
    for file in files {
      let path = FuzzSupport.demoDirectory + "/" + file
      guard let data = FileManager.default.contents(atPath: path) else {
        fatalError("cannot read \(path)")
      }
      originals[file] = data
    }
    return originals
  }()

  /// The copy's directory, filled on first use.
  static let directory: String = {
    let directory = FuzzSupport.scratchDirectory + "/scheme"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for file in files { restore(file) }
    return directory
  }()

  /// Writes the original `file` back.
  static func restore(_ file: String) {
    let path = FuzzSupport.scratchDirectory + "/scheme/" + file
    FuzzSupport.require(
      FileManager.default.createFile(atPath: path, contents: originals[file]), "restore \(file)")
  }
}
