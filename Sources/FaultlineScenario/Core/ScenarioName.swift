/// The rules for a scenario's `name:`. The name becomes a folder name (`out/<name>`,
/// `out/<name>-sweep`), so it must be one plain path component: a name that could leave the
/// output root (`..`, `a/b`) or replace it (`.`) is refused before anything is written.
public enum ScenarioName {
    /// The longest name accepted, in characters (a folder name must stay well under the
    /// 255-byte limit of common file systems once `-sweep` and staging suffixes are added).
    public static let maxLength = 100

    /// Why `name` is not a valid scenario name, or nil when it is.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name == "." || name == ".." { return "'\(name)' is not a name but a path to a folder" }
        if name.count > maxLength { return "the name has \(name.count) characters; at most \(maxLength) are allowed" }
        if name.contains("/") || name.contains("\\") { return "the name contains a path separator ('/' or '\\')" }
        if name.hasPrefix(".") { return "the name starts with '.', which would make a hidden output folder" }
        if name.unicodeScalars.contains(where: isControl) { return "the name contains a control character" }
        if name.first == " " || name.last == " " { return "the name starts or ends with a space" }
        return nil
    }

    /// C0/C1 controls, DEL, line/paragraph separators and bidirectional overrides.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// The fix printed with a name error.
    public static let fix = "use letters, digits, '-', '_' and '.' (not first), up to \(maxLength) characters, e.g. 'name: checkout-az-outage'"
}
