import DRGKit
import DRGPayment
import Foundation

/// An error that reached the command line, as one plain line and the exit status the README
/// gives: a missing input 66, an output that cannot be created 73, bad data 65, other I/O 74.
/// Foundation's errors are never shown raw (`NSCocoaErrorDomain Code=512 …`): their file
/// and system reason are.
struct ErrorReport {
  var message: String
  var status: Int32

  init(_ error: any Error) {
    switch error {
    case let error as SchemeError:
      message = "scheme: \(error)"
      status = Self.isMissing(error) ? ExitStatus.noInput : ExitStatus.dataError
    case let error as RecordError:
      message = "\(error)"
      status = error.isMissingInput ? ExitStatus.noInput : ExitStatus.dataError
    case let error as FileError:
      message = "\(error)"
      switch error.operation {
      case .open: status = ExitStatus.noInput
      case .create: status = ExitStatus.cannotCreate
      case .decode: status = ExitStatus.dataError
      default: status = ExitStatus.ioError
      }
    case let error as SettlementError:
      message = error.message
      status = ExitStatus.dataError
    case let error as YearWeightsError:
      message = "\(error)"
      status = ExitStatus.dataError
    case let error as CocoaError:
      (message, status) = Self.describe(error as NSError)
    default:
      let error = error as NSError
      if error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain {
        (message, status) = Self.describe(error)
      } else {
        message = "\(error.localizedDescription)"
        status = ExitStatus.ioError
      }
    }
  }

  /// A missing scheme table, or a scheme directory that does not exist.
  static func isMissing(_ error: SchemeError) -> Bool {
    switch error.kind {
    case .missingFile: return true
    case .manifest:
      var isDirectory: ObjCBool = false
      return !FileManager.default.fileExists(atPath: error.file, isDirectory: &isDirectory)
        && error.file.contains("/")
    default: return false
    }
  }

  /// `PATH: cannot create: Not a directory` from a Foundation file error.
  static func describe(_ error: NSError) -> (String, Int32) {
    let path =
      (error.userInfo[NSFilePathErrorKey] as? String)
      ?? (error.userInfo[NSURLErrorKey] as? URL)?.path ?? "a file"
    var reason: String?
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      reason = String(cString: strerror(Int32(underlying.code)))
    } else if error.domain == NSPOSIXErrorDomain {
      reason = String(cString: strerror(Int32(error.code)))
    }
    let code = CocoaError.Code(rawValue: error.code)
    let status: Int32
    let operation: String
    switch code {
    case .fileNoSuchFile, .fileReadNoSuchFile:
      status = error.domain == NSCocoaErrorDomain ? ExitStatus.noInput : ExitStatus.ioError
      operation = "does not exist"
    case .fileReadNoPermission, .fileReadUnknown, .fileReadCorruptFile, .fileReadTooLarge,
      .fileReadInapplicableStringEncoding, .fileReadUnsupportedScheme:
      status = ExitStatus.ioError
      operation = "cannot read"
    case .fileWriteNoPermission, .fileWriteUnknown, .fileWriteFileExists,
      .fileWriteOutOfSpace, .fileWriteVolumeReadOnly, .fileWriteInvalidFileName,
      .fileWriteInapplicableStringEncoding, .fileWriteUnsupportedScheme:
      status = ExitStatus.cannotCreate
      operation = "cannot create"
    default:
      status = ExitStatus.ioError
      operation = "cannot read or write"
    }
    return ("\(path): \(operation)\(reason.map { ": \($0)" } ?? "")", status)
  }
}
