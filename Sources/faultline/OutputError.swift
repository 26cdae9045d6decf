import FaultlineDocument
import Foundation

/// An output path Faultline will not or cannot write, with the path and how to proceed. Every
/// file-system failure while writing outputs is turned into one (``wrap(_:_:_:)``), so the user
/// sees "PATH: the disk is full. Fix: ..." rather than a Foundation error dump.
struct OutputError: Error, CustomStringConvertible {
    var path: String
    var problem: String
    var fix: String

    var description: String { SafeText.line("\(path): \(problem). Fix: \(fix)") }

    /// Runs `body`, turning a Foundation or POSIX error into an ``OutputError`` about `path`.
    static func wrap<T>(_ path: @autoclosure () -> String, _ doing: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as OutputError { throw e } catch {
            throw from(error, path: path(), doing: doing)
        }
    }

    /// The POSIX error number behind a Foundation error, when it says.
    static func errno(of error: Error) -> Int32? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let under = ns.userInfo[NSUnderlyingErrorKey] as? NSError, under.domain == NSPOSIXErrorDomain { return Int32(under.code) }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
            case .fileWriteOutOfSpace: return ENOSPC
            case .fileWriteVolumeReadOnly: return EROFS
            case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
            case .fileWriteFileExists: return EEXIST
            default: return nil
            }
        }
        return nil
    }

    /// `error` (from `doing` something to `path`) as an ``OutputError`` with a fix.
    static func from(_ error: Error, path: String, doing: String) -> OutputError {
        let where_ = firstNonFolder(above: path)
        switch errno(of: error) {
        case EACCES?, EPERM?:
            return OutputError(
                path: path, problem: "permission denied while \(doing)", fix: "give an --out folder you may write to, or change the folder's permissions")
        case EROFS?:
            return OutputError(path: path, problem: "the file system is read-only (while \(doing))", fix: "give an --out folder on a writable file system")
        case ENOSPC?, EDQUOT?:
            return OutputError(
                path: path, problem: "the disk is full (while \(doing)); nothing was replaced",
                fix: "free some space or give an --out folder on another disk, then run again")
        case ENOTDIR?:
            return OutputError(
                path: path, problem: "\(where_ ?? "a part of the path") is a file, not a folder, so nothing can be created under it",
                fix: "give an --out path whose parent folders are folders")
        case ENAMETOOLONG?:
            return OutputError(path: path, problem: "the path is too long for the file system", fix: "give a shorter --out path or scenario name")
        case ENOENT?:
            if let where_ {
                return OutputError(
                    path: path, problem: "\(where_) is a file, not a folder, so nothing can be created under it",
                    fix: "give an --out path whose parent folders are folders")
            }
            return OutputError(
                path: path, problem: "a folder on the path disappeared while \(doing)",
                fix: "check nothing else is moving or deleting the folder, then run again")
        default:
            if let where_ {
                return OutputError(
                    path: path, problem: "\(where_) is a file, not a folder, so nothing can be created under it",
                    fix: "give an --out path whose parent folders are folders")
            }
            let ns = error as NSError
            let reason = (ns.userInfo[NSLocalizedDescriptionKey] as? String).map { SafeText.excerpt($0, limit: 120) } ?? "error \(ns.code)"
            return OutputError(path: path, problem: "could not finish \(doing) (\(reason))", fix: "check the folder exists and is writable, then run again")
        }
    }

    /// The first existing component of `path` (from the root) that is not a folder.
    static func firstNonFolder(above path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var chain: [URL] = []
        while url.path != "/" && !url.path.isEmpty {
            chain.append(url)
            url = url.deletingLastPathComponent()
        }
        for u in chain.reversed() {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir) else { return nil }
            if !isDir.boolValue { return u.path }
        }
        return nil
    }
}
