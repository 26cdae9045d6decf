import Yams

/// Parses YAML or JSON text into a ``DocumentNode`` tree with locations.
///
/// JSON is parsed by the YAML parser (JSON is a subset of the YAML flow style), so both get the
/// same line and column reporting. Duplicate keys are errors, as they are for the FIS API.
public enum DocumentParser {
    /// Parses `text` from `file` (used only in messages).
    public static func parse(_ text: String, file: String) throws(DocumentError) -> DocumentNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DocumentError([diagnostic(for: error, file: file)])
        } catch {
            throw DocumentError([Diagnostic(file: file, path: "", location: nil, message: "could not be read as YAML or JSON: \(error)")])
        }
        guard let root else {
            throw DocumentError([Diagnostic(file: file, path: "", location: nil, message: "is empty", fix: "write a YAML or JSON document")])
        }
        return convert(root, path: "")
    }

    private static func location(_ mark: Mark?) -> SourceLocation? {
        mark.map { SourceLocation(line: $0.line, column: $0.column) }
    }

    private static func convert(_ node: Node, path: String) -> DocumentNode {
        var out = convertValue(node, path: path)
        let tag = node.tag.rawValue
        if tag.hasPrefix("!"), !tag.hasPrefix("!!"), tag.count > 1 { out.tag = tag }
        return out
    }

    private static func convertValue(_ node: Node, path: String) -> DocumentNode {
        switch node {
        case let .scalar(scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            let s = scalar.string
            if !quoted, s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" {
                return DocumentNode(value: .null, location: location(scalar.mark), path: path)
            }
            return DocumentNode(value: .scalar(s, quoted: quoted), location: location(scalar.mark), path: path)
        case let .mapping(mapping):
            var entries: [DocumentNode.Entry] = []
            for (k, v) in mapping {
                let key = k.string ?? "\(k)"
                entries.append(.init(key: key, keyLocation: location(k.mark), value: convert(v, path: DocumentNode.child(path, key: key))))
            }
            return DocumentNode(value: .mapping(entries), location: location(mapping.mark), path: path)
        case let .sequence(seq):
            let items = seq.enumerated().map { convert($0.element, path: DocumentNode.child(path, index: $0.offset)) }
            return DocumentNode(value: .sequence(items), location: location(seq.mark), path: path)
        case let .alias(alias):
            return DocumentNode(value: .scalar("*\(alias)", quoted: false), location: location(alias.mark), path: path)
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        let fix = "check the indentation, quoting and brackets around this line (JSON needs double-quoted keys and no trailing commas)"
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let ctx = context.map { " (\($0.text))" } ?? ""
            return Diagnostic(file: file, path: "", location: SourceLocation(line: mark.line, column: mark.column),
                              message: "is not valid YAML or JSON: \(problem)\(ctx)", fix: fix)
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(file: file, path: "", location: SourceLocation(line: context.mark.line, column: context.mark.column),
                              message: "has duplicate keys \(duplicates.sorted().joined(separator: ", ")) in one mapping",
                              fix: "keep one of each key")
        case let .reader(problem, offset, _, _):
            return Diagnostic(file: file, path: "", location: nil,
                              message: "could not be decoded as UTF-8 text: \(problem)\(offset.map { " at byte \($0)" } ?? "")",
                              fix: "save the file as UTF-8")
        default:
            return Diagnostic(file: file, path: "", location: nil, message: "could not be read: \(error)")
        }
    }
}
