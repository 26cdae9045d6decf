import ArgumentParser
import FaultlineDocument
import Foundation

/// `--allow-read PATH`: the one way to let a scenario read a file outside its own folder tree.
struct ReadOptions: ParsableArguments {
    @Option(
        name: .customLong("allow-read"),
        help: ArgumentHelp(
            "Let the scenario also read this file or folder tree (repeatable). By default it may read only files in its own folder and below.",
            valueName: "path"))
    var allowRead: [String] = []
}

/// Which files a scenario may read: the files it names (arrival traces, FIS templates) resolve
/// against the scenario file's folder, and after following symbolic links they must lie in that
/// folder's tree or under a path given with `--allow-read`. Only regular files are read (never
/// a device, pipe or socket). The scenario file itself, and files named on the command line,
/// are the user's choice and not confined. See docs/safety.md.
struct ReadAccess {
    /// The real path of the scenario's folder.
    let root: String
    /// The real paths allowed with `--allow-read`.
    let allowed: [String]

    init(scenario: String, allow: [String]) throws {
        let dir = (scenario as NSString).deletingLastPathComponent
        root = Self.real(dir.isEmpty ? "." : dir) ?? URL(fileURLWithPath: dir.isEmpty ? "." : dir).standardizedFileURL.path
        var allowed: [String] = []
        for a in allow {
            guard let r = Self.real(a) else {
                throw CLIError(SafeText.line("--allow-read \(a): no such file or folder. Fix: give an existing file or folder the scenario may read."))
            }
            allowed.append(r)
        }
        self.allowed = allowed
    }

    /// A symlink-free absolute path, or nil when `path` does not exist.
    static func real(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func contains(_ folder: String, _ path: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// The path of `reference` as the scenario wrote it, resolved against the scenario's folder.
    func resolve(_ reference: String) -> String {
        reference.hasPrefix("/") ? reference : root + "/" + reference
    }

    /// Reads the file `reference` names, if the scenario may read it.
    func read(_ reference: String) throws -> String {
        let path = resolve(reference)
        guard let real = Self.real(path) else {
            throw ReadRefusal("there is no such file (looked for \(path))")
        }
        guard Self.contains(root, real) || allowed.contains(where: { Self.contains($0, real) }) else {
            throw ReadRefusal(
                "it is \(real), outside the scenario's folder \(root); a scenario may read only files in its own folder tree. To allow it, pass --allow-read \(real) (or move the file next to the scenario)"
            )
        }
        var st = stat()
        guard stat(real, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw ReadRefusal("\(real) is not a regular file")
        }
        return try readText(real)
    }

    var loader: (String) throws -> String { { try read($0) } }
}

/// Why a file a scenario names was not read.
struct ReadRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
