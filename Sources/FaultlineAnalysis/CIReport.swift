/// Machine-readable verdicts for CI: JUnit XML (`--junit FILE`, one test case per hypothesis and
/// per gated quantity, as Jenkins, GitLab and GitHub test reporters read it) and GitHub Actions
/// workflow commands (`--github`: an `::error file=...::` line per failure, which GitHub shows
/// as an annotation on the file).
public struct CIReport: Sendable, Equatable {
    public struct Case: Sendable, Equatable {
        /// The group (`hypotheses`, `metrics`, `experiments`, a sweep point).
        public var group: String
        public var name: String
        /// Why it failed; nil when it passed.
        public var failure: String?
        /// What was measured, for passing and failing cases alike.
        public var detail: String

        public init(group: String, name: String, failure: String?, detail: String) {
            self.group = group
            self.name = name
            self.failure = failure
            self.detail = detail
        }
    }

    /// The suite: the command and what it looked at (`faultline compare`, the scenario).
    public var suite: String
    /// The file the verdicts are about, for annotations (nil: not known).
    public var file: String?
    public var cases: [Case]

    public init(suite: String, file: String?, cases: [Case]) {
        self.suite = suite
        self.file = file
        self.cases = cases
    }

    public var failures: [Case] { cases.filter { $0.failure != nil } }

    /// JUnit XML: one `<testsuite>`, a `<testcase classname="group" name="name">` per case with
    /// a `<failure>` when it failed and the detail as `<system-out>`. No timestamps or times
    /// (they would make the file differ between identical runs).
    public func junitXML() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"faultline\" tests=\"\(cases.count)\" failures=\"\(failures.count)\">\n"
        out += "  <testsuite name=\"\(Self.xml(suite))\" tests=\"\(cases.count)\" failures=\"\(failures.count)\" errors=\"0\" skipped=\"0\">\n"
        for c in cases {
            out += "    <testcase classname=\"\(Self.xml(c.group))\" name=\"\(Self.xml(c.name))\"\(file.map { " file=\"\(Self.xml($0))\"" } ?? "")>\n"
            if let f = c.failure { out += "      <failure message=\"\(Self.xml(f))\" type=\"regression\">\(Self.xml(c.detail))</failure>\n" }
            out += "      <system-out>\(Self.xml(c.detail))</system-out>\n    </testcase>\n"
        }
        return out + "  </testsuite>\n</testsuites>\n"
    }

    /// GitHub Actions annotations: `::error file=F,title=T::message` per failed case.
    public func githubAnnotations() -> String {
        failures.map { c in
            "::error \(file.map { "file=\(Self.property($0))," } ?? "")title=\(Self.property(suite + ": " + c.group + " " + c.name))::\(Self.message(c.failure! + " (" + c.detail + ")"))\n"
        }.joined()
    }

    /// `s` as XML character data: the report's one markup escaper (``Report/escape(_:)``), after
    /// control characters XML 1.0 cannot carry (all but newline and tab) become spaces.
    static func xml(_ s: String) -> String {
        var text = String.UnicodeScalarView()
        for c in s.unicodeScalars { text.append(c.value < 0x20 && c != "\n" && c != "\t" ? " " : c) }
        return Report.escape(String(text))
    }

    /// Escaping of GitHub workflow command messages and properties.
    static func message(_ s: String, property: Bool = false) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func property(_ s: String) -> String { message(s, property: true) }
}
