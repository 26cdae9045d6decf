/// A path that addresses keys in a scenario document, for `--set` and `--vary`.
///
/// Syntax (docs in README.md, "Sweeps"):
/// ```
/// path     := step ('.' step)*
/// step     := key selector* | selector+
/// selector := '[' index ']'        the index-th list item, from 0        services[0]
///           | '[' '*' ']'          every list item (those without the rest of the path are skipped)
///           | '[' field '=' v ']'  the list items whose `field` is v     functions[name=get-item]
///           | '[' v ']'            the list items named v (name=v); on a mapping: the key v
/// ```
/// A plain key on a list selects the item with that `name`, so `services.web.workersPerAZ`,
/// `services[web].workersPerAZ`, `services[name=web].workersPerAZ` and (when web is first)
/// `services[0].workersPerAZ` all address the same key. Brackets may hold dots
/// (`tags[app.tier]`).
public struct OverridePath: Sendable, Equatable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        /// A mapping key, or on a list the item with this `name`.
        case key(String)
        case index(Int)
        case all
        /// List items whose scalar `field` equals `value`.
        case match(field: String, value: String)
        /// `[v]`: on a list, items named v; on a mapping, the key v.
        case bracket(String)
    }

    public var steps: [Step]
    /// The path as written.
    public var text: String

    public var description: String { text }

    public init(parsing text: String) throws(SweepError) {
        self.text = text
        var steps: [Step] = []
        var chars = Array(text)
        func fail(_ message: String) -> SweepError {
            .override(
                path: text, message: message,
                fix: "write a path such as functions[get-item].reservedConcurrency, services.web.workersPerAZ or services[0].workersPerAZ")
        }
        guard !text.isEmpty else { throw fail("the path is empty.") }
        var i = 0
        var key = ""
        var stepHasContent = false
        func flushKey() {
            if !key.isEmpty {
                steps.append(.key(key))
                key = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case ".":
                flushKey()
                guard stepHasContent else { throw fail("an empty step at character \(i + 1) (two dots, or a leading dot).") }
                stepHasContent = false
                i += 1
                guard i < chars.count else { throw fail("the path ends with a dot.") }
            case "[":
                flushKey()
                guard let close = chars[(i + 1)...].firstIndex(of: "]") else { throw fail("'[' at character \(i + 1) is never closed.") }
                let inner = String(chars[(i + 1)..<close])
                guard !inner.isEmpty else { throw fail("empty brackets at character \(i + 1).") }
                if inner == "*" {
                    steps.append(.all)
                } else if let n = Int(inner) {
                    guard n >= 0 else { throw fail("list index \(n) is negative.") }
                    steps.append(.index(n))
                } else if let eq = inner.firstIndex(of: "=") {
                    let field = String(inner[..<eq]), value = String(inner[inner.index(after: eq)...])
                    guard !field.isEmpty, !value.isEmpty else { throw fail("'[\(inner)]' needs a field and a value, e.g. [name=web].") }
                    steps.append(.match(field: field, value: value))
                } else {
                    steps.append(.bracket(inner))
                }
                stepHasContent = true
                i = close + 1
                if i < chars.count, chars[i] != ".", chars[i] != "[" {
                    throw fail("expected '.' or '[' after ']' at character \(i + 1).")
                }
            case "]":
                throw fail("']' at character \(i + 1) has no matching '['.")
            default:
                key.append(c)
                stepHasContent = true
                i += 1
            }
        }
        flushKey()
        chars.removeAll()
        self.steps = steps
    }
}
