import DRGKit
import Foundation

/// Every file a command reads and every file it writes, checked before anything is written.
///
/// One plan is made for every run from the command's ``CommandSpec`` (see
/// ``init(spec:arguments:)``): the positional arguments and the options whose value is a
/// `FILE`, `DIR` or `….json` are read; the options marked with ``CommandSpec/Option/writes``
/// are written, a directory output as the files it will hold. An output option left out
/// writes its default: the directory its ``OptionKey`` names, or standard output.
/// ``check()`` then refuses (exit 64), before any output is opened:
/// - an output that is one of the inputs, compared by device and inode, so that a hard link,
///   a symbolic link or another spelling of the same file counts as the same file (for a
///   directory input, such as a scheme, every file in it is an input);
/// - two outputs that are the same file (`--rejects` equal to `-o`), or both standard output;
/// - a directory output that names an input file.
/// A directory output that exists as something else than a directory, or that cannot be
/// made (a file or an unwritable directory in its path), is refused with exit 73. Standard
/// input and output (`-`), devices and pipes are never compared by inode: writing to
/// `/dev/null` twice is fine.
struct OutputPlan {
  /// A file written, with the option that names it (for messages).
  struct Output {
    var path: String
    var option: String
  }

  var command: String
  private(set) var inputs: [String] = []
  private(set) var outputs: [Output] = []
  /// Directory outputs (`-o DIR`), with their option.
  private(set) var directories: [Output] = []

  init(command: String) { self.command = command }

  /// The plan of a parsed command line: what ``CommandSpec`` says its options read and write.
  init(spec: CommandSpec, arguments: ParsedArguments) {
    self.init(command: arguments.command)
    for path in arguments.positional { read(path) }
    for option in spec.options {
      guard let placeholder = option.value, let key = option.names.last else { continue }
      var given = arguments.values[key]
      switch option.writes {
      case .directory? where given == nil: given = option.defaultOutput
      // A file output without the option is standard output (`-, stdout`).
      case .file? where given == nil && option.defaultOutput == "-": given = "-"
      default: break
      }
      guard let value = given else { continue }
      let label = option.names.joined(separator: "/")
      switch option.writes {
      case .file?: write(value, option: label)
      case .directory(let files)?: write(directory: value, files: files, option: label)
      case nil:
        // A bare scheme id (`-s demo`) is its directory: every table in it is an input.
        if placeholder == "ID|DIR", !FileManager.default.fileExists(atPath: value),
          let directory = try? SchemeLocator.standard().directory(for: value)
        {
          read(directory)
        } else if Self.namesPath(placeholder) {
          read(value)
        }
      }
    }
  }

  /// Whether an option's placeholder (`FILE`, `DIR`, `MAP.json`) says its value is a path.
  static func namesPath(_ placeholder: String) -> Bool {
    placeholder.contains("FILE") || placeholder.contains("DIR") || placeholder.hasSuffix(".json")
      || placeholder.hasSuffix(".csv")
  }

  /// Adds an input: a file, or a directory whose files are all read (a scheme).
  mutating func read(_ path: String) {
    guard path != "-", !path.isEmpty else { return }
    inputs.append(path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue,
      let names = try? FileManager.default.contentsOfDirectory(atPath: path)
    {
      for name in names.sorted() { inputs.append((path as NSString).appendingPathComponent(name)) }
    }
  }

  /// Adds an output file.
  mutating func write(_ path: String, option: String) {
    outputs.append(Output(path: path, option: option))
  }

  /// Adds an output directory and the files that will be written into it.
  mutating func write(directory: String, files: [String], option: String) {
    directories.append(Output(path: directory, option: option))
    for (index, name) in files.enumerated() where !files[..<index].contains(name) {
      outputs.append(
        Output(path: (directory as NSString).appendingPathComponent(name), option: option))
    }
  }

  /// Refuses outputs that are inputs or each other, and directory outputs that cannot be.
  /// - Throws: ``UsageError`` (exit 64) for a clash, ``FileError`` (exit 73) for a directory
  ///   output that exists and is not a directory.
  func check() throws {
    let inputFiles = inputs.compactMap { path in FileIdentity(path).map { (path, $0) } }
    for directory in directories {
      if let (input, _) = inputFiles.first(where: { $0.1 == FileIdentity(directory.path) }),
        !FileIdentity.isDirectory(directory.path)
      {
        throw UsageError(
          command: command,
          message:
            "\(directory.option) \(directory.path) is the input file \(input): give a directory for the output files"
        )
      }
      if FileManager.default.fileExists(atPath: directory.path),
        !FileIdentity.isDirectory(directory.path)
      {
        var error = FileError(path: directory.path, operation: .create, code: ENOTDIR)
        error.message = "cannot create the output directory: a file of that name exists"
        throw error
      }
      try Self.checkCreatable(directory: directory.path)
    }
    for output in outputs {
      guard let identity = FileIdentity(output.path), identity.isRegularFile else { continue }
      if let (input, _) = inputFiles.first(where: { $0.1 == identity }) {
        let alias = input == output.path ? "" : " (the same file by another name)"
        throw UsageError(
          command: command,
          message:
            "\(output.option) \(output.path) would overwrite the input \(input)\(alias); write the output elsewhere"
        )
      }
    }
    var seen: [(key: String, output: Output)] = []
    for output in outputs {
      guard let key = Self.outputKey(output.path) else { continue }
      if let earlier = seen.first(where: { $0.key == key }) {
        let what = output.path == "-" ? "standard output" : output.path
        throw UsageError(
          command: command,
          message:
            "\(earlier.output.option) and \(output.option) both write \(what); give them different files"
        )
      }
      seen.append((key, output))
    }
  }

  /// Refuses, before any input is read, a directory output that cannot be made: the
  /// nearest part of its path that exists is a file (`p.json/sub`), or a directory that
  /// cannot be written into. Nothing is created here; the command makes the directory when
  /// it writes.
  /// - Throws: ``FileError`` (`create`, exit 73) naming the directory.
  static func checkCreatable(directory path: String) throws(FileError) {
    var existing = path
    while !FileManager.default.fileExists(atPath: existing) {
      let parent = PathText.parent(of: existing)
      guard !parent.isEmpty, parent != existing else {
        existing = "."  // a relative path: the working directory
        break
      }
      existing = parent
    }
    guard FileIdentity.isDirectory(existing) else {
      throw FileError(path: path, operation: .create, code: ENOTDIR)
    }
    guard access(existing, W_OK | X_OK) == 0 else {
      throw FileError(path: path, operation: .create, code: errno)
    }
  }

  /// What makes two outputs the same: the device and inode of an existing regular file,
  /// else the absolute path with its directory's links resolved; `nil` for a device or pipe,
  /// which may well be written twice (`/dev/null`).
  private static func outputKey(_ path: String) -> String? {
    if path == "-" { return "-" }
    if let identity = FileIdentity(path) {
      return identity.isRegularFile ? "inode \(identity.device):\(identity.inode)" : nil
    }
    let absolute = URL(fileURLWithPath: path).standardizedFileURL
    let parent = absolute.deletingLastPathComponent().path
    let resolved = realpath(parent, nil).map { pointer in
      defer { free(pointer) }
      return String(cString: pointer)
    }
    return ((resolved ?? parent) as NSString).appendingPathComponent(absolute.lastPathComponent)
  }
}

/// A file's device and inode, as `stat` reports them (links followed).
struct FileIdentity: Equatable {
  var device: UInt64
  var inode: UInt64
  var isRegularFile: Bool

  /// The identity of `path`, or `nil` when it does not exist.
  init?(_ path: String) {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    device = UInt64(status.st_dev)
    inode = UInt64(status.st_ino)
    isRegularFile = status.st_mode & S_IFMT == S_IFREG
  }

  static func == (lhs: FileIdentity, rhs: FileIdentity) -> Bool {
    lhs.device == rhs.device && lhs.inode == rhs.inode
  }

  static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
  }
}
