// libyaml's event API, shipped inside Yams (its `CYaml` target): Yams' own composer resolves
// aliases by sharing nodes and hashes every mapping key recursively (a "billion laughs" key is
// hashed a billion times), and stops at the first mapping with duplicate keys. Composing from the
// events ourselves bounds alias expansion before it happens and reports every duplicate key.
internal import CYaml

/// Builds a ``DocumentNode`` tree from libyaml's event stream, iteratively (an explicit stack, so
/// no input controls the recursion depth), with the limits of ``DocumentLimits``.
struct YAMLComposer {
    private let file: String
    private var anchors: [String: (node: DocumentNode, count: Int)] = [:]
    private var stack: [Frame] = []
    private var nodes = 0
    private var aliasUses = 0
    private var aliasNodes = 0
    private var duplicates: [Diagnostic] = []

    /// An open sequence or mapping.
    private struct Frame {
        var isMapping: Bool
        var path: String
        var location: SourceLocation
        var tag: String?
        var anchor: String?
        var items: [DocumentNode] = []
        var entries: [DocumentNode.Entry] = []
        /// The key read, waiting for its value (mappings only).
        var pendingKey: (key: String, location: SourceLocation)?
        var firstSeen: [String: SourceLocation] = [:]
        /// Nodes in this subtree so far, itself included.
        var count = 1
    }

    init(file: String) { self.file = file }

    /// Composes the single document in `text`.
    mutating func compose(_ text: String) throws(DocumentError) -> DocumentNode {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x20] }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw DocumentError([Diagnostic(file: file, path: "", location: nil, message: "could not be read: out of memory")])
        }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer throws(DocumentError) -> DocumentNode in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return try run(&parser)
        }
    }

    private mutating func run(_ parser: inout yaml_parser_t) throws(DocumentError) -> DocumentNode {
        var root: DocumentNode?
        var documents = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw DocumentError([syntaxError(parser)]) }
            defer { yaml_event_delete(&event) }
            let mark = SourceLocation(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                if !duplicates.isEmpty { throw DocumentError(duplicates) }
                guard let root else {
                    throw DocumentError([Diagnostic(file: file, path: "", location: nil, message: "is empty", fix: "write a YAML or JSON document")])
                }
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw DocumentError([
                        Diagnostic(
                            file: file, path: "", location: mark,
                            message: "is not valid YAML or JSON: expected a single document in the stream but found another document",
                            fix: "keep one document (remove the extra '---' and what follows it)")
                    ])
                }
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                let path = try nextPath(at: mark)
                let (copy, size) = try expand(alias: name, path: path, at: mark)
                try add(copy, count: size, at: mark)
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
                let quoted = s.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || s.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
                if var frame = stack.last, frame.isMapping, frame.pendingKey == nil {
                    // A key: remembered until its value arrives; a repetition is reported where it is.
                    if let first = frame.firstSeen[value] {
                        duplicates.append(
                            Diagnostic(
                                file: file, path: DocumentNode.child(frame.path, key: value), location: mark,
                                message: "repeats the key '\(value)' of this mapping (first at line \(first.line))",
                                fix: "keep one '\(value)' key in this mapping"))
                    } else {
                        frame.firstSeen[value] = mark
                    }
                    frame.pendingKey = (value, mark)
                    stack[stack.count - 1] = frame
                    continue
                }
                let path = try nextPath(at: mark)
                var node: DocumentNode
                if !quoted, value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL" {
                    node = DocumentNode(value: .null, location: mark, path: path)
                } else {
                    node = DocumentNode(value: .scalar(value, quoted: quoted), location: mark, path: path)
                }
                node.tag = s.quoted_implicit == 1 ? nil : Self.localTag(Self.string(s.tag))
                try count(1, at: mark)
                if let anchor = Self.string(s.anchor) { anchors[anchor] = (node, 1) }
                try add(node, count: 1, at: mark)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let path = try nextPath(at: mark)
                if stack.count >= DocumentLimits.maxDepth {
                    throw DocumentError([
                        Diagnostic(
                            file: file, path: "", location: mark,
                            message: "nests lists and mappings more than \(DocumentLimits.maxDepth) levels deep",
                            fix: "flatten the document (no scenario or template needs this depth)")
                    ])
                }
                try count(1, at: mark)
                let tag: String?, anchor: String?
                if isMapping {
                    let m = event.data.mapping_start
                    tag = m.implicit != 0 ? nil : Self.localTag(Self.string(m.tag))
                    anchor = Self.string(m.anchor)
                } else {
                    let q = event.data.sequence_start
                    tag = q.implicit != 0 ? nil : Self.localTag(Self.string(q.tag))
                    anchor = Self.string(q.anchor)
                }
                stack.append(Frame(isMapping: isMapping, path: path, location: mark, tag: tag, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                let node = DocumentNode(
                    value: frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items),
                    location: frame.location, path: frame.path, tag: frame.tag)
                if let anchor = frame.anchor { anchors[anchor] = (node, frame.count) }
                try add(node, count: frame.count, at: mark)
            default: // stream start, document end

                continue
            }
            if stack.isEmpty, let last = lastCompleted {
                root = last
                lastCompleted = nil
            }
        }
    }

    private var lastCompleted: DocumentNode?

    /// The path of the next value: a list index, the pending key of a mapping, or the root.
    private func nextPath(at mark: SourceLocation) throws(DocumentError) -> String {
        guard let frame = stack.last else { return "" }
        if !frame.isMapping { return DocumentNode.child(frame.path, index: frame.items.count) }
        guard let key = frame.pendingKey else {
            throw DocumentError([
                Diagnostic(
                    file: file, path: frame.path, location: mark,
                    message: "has a list, mapping or alias as a mapping key",
                    fix: "use plain text keys")
            ])
        }
        return DocumentNode.child(frame.path, key: key.key)
    }

    /// Appends a completed node to the open collection (or makes it the root).
    private mutating func add(_ node: DocumentNode, count: Int, at mark: SourceLocation) throws(DocumentError) {
        guard !stack.isEmpty else {
            lastCompleted = node
            return
        }
        var frame = stack.removeLast()
        frame.count += count
        if frame.isMapping {
            let key = frame.pendingKey!
            frame.entries.append(.init(key: key.key, keyLocation: key.location, value: node))
            frame.pendingKey = nil
        } else {
            frame.items.append(node)
        }
        stack.append(frame)
    }

    private mutating func count(_ n: Int, at mark: SourceLocation) throws(DocumentError) {
        nodes += n
        if nodes > DocumentLimits.maxNodes {
            throw DocumentError([
                Diagnostic(
                    file: file, path: "", location: mark,
                    message: "holds more than \(DocumentLimits.maxNodes) values (lists, mappings and scalars, aliases expanded)",
                    fix: "split the document; no scenario or template needs this many values")
            ])
        }
    }

    /// A copy of the anchored node (and its size in values) at `path`, after checking the alias limits.
    private mutating func expand(alias name: String, path: String, at mark: SourceLocation) throws(DocumentError) -> (DocumentNode, Int) {
        guard let (node, size) = anchors[name] else {
            throw DocumentError([
                Diagnostic(
                    file: file, path: path, location: mark,
                    message: "uses the alias '*\(name)' before (or without) an anchor '&\(name)' for it",
                    fix: "define '&\(name)' on a value above this line")
            ])
        }
        aliasUses += 1
        if aliasUses > DocumentLimits.maxAliases {
            throw DocumentError([
                Diagnostic(
                    file: file, path: path, location: mark,
                    message: "uses more than \(DocumentLimits.maxAliases) aliases",
                    fix: "write the values out, or use fewer aliases")
            ])
        }
        if aliasNodes + size > DocumentLimits.maxAliasNodes {
            throw DocumentError([
                Diagnostic(
                    file: file, path: path, location: mark,
                    message:
                        "alias '*\(name)' (\(size) values) would expand the document's aliases to \(aliasNodes + size) values; at most \(DocumentLimits.maxAliasNodes) are allowed (a \"billion laughs\" document?)",
                    fix: "write the values out, or alias smaller values")
            ])
        }
        aliasNodes += size
        try count(size, at: mark)
        return (Self.rebased(node, path: path), size)
    }

    /// The node with its paths (and its children's) moved under `path`; depth is bounded by
    /// ``DocumentLimits/maxDepth``.
    private static func rebased(_ node: DocumentNode, path: String) -> DocumentNode {
        var out = node
        out.path = path
        switch node.value {
        case .scalar, .null: break
        case .sequence(let items):
            out.value = .sequence(items.enumerated().map { rebased($0.element, path: DocumentNode.child(path, index: $0.offset)) })
        case .mapping(let entries):
            out.value = .mapping(
                entries.map { .init(key: $0.key, keyLocation: $0.keyLocation, value: rebased($0.value, path: DocumentNode.child(path, key: $0.key))) })
        }
        return out
    }

    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        if parser.error == YAML_READER_ERROR {
            return Diagnostic(
                file: file, path: "", location: nil,
                message: "could not be decoded as UTF-8 text: \(problem) at byte \(parser.problem_offset)",
                fix: "save the file as UTF-8")
        }
        if parser.error == YAML_MEMORY_ERROR {
            return Diagnostic(file: file, path: "", location: nil, message: "could not be read: out of memory")
        }
        let ctx = parser.context.map { " (\(String(cString: $0)))" } ?? ""
        return Diagnostic(
            file: file, path: "", location: SourceLocation(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1),
            message: "is not valid YAML or JSON: \(problem)\(ctx)",
            fix: "check the indentation, quoting and brackets around this line (JSON needs double-quoted keys and no trailing commas)")
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Local tags such as `!Ref` (CloudFormation short forms); standard `tag:yaml.org` tags are dropped.
    private static func localTag(_ tag: String?) -> String? {
        guard let tag, tag.hasPrefix("!"), !tag.hasPrefix("!!"), tag.count > 1 else { return nil }
        return tag
    }
}
