/// Writing JSON: the one string-literal encoder behind every JSON text Faultline writes
/// (`JSONValue`'s run files, `TemplateJSON`'s FIS templates, SSM document parameters).
public enum JSONString {
    /// `s` as a JSON string literal (RFC 8259 escapes; non-ASCII kept as UTF-8).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
