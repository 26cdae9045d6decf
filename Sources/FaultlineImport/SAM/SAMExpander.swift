/// SAM, expanded by Faultline itself (no Python needed): `Globals` are merged into
/// `AWS::Serverless::Function`, `Api` and `HttpApi` resources as the SAM translator merges them
/// (the resource's own scalar wins; mappings such as `Environment.Variables` and `Tags` are
/// merged key by key; lists such as `Layers` are the global entries followed by the resource's).
/// The Serverless resource types are then read by the families directly
/// (``Importer/mapFunction(_:)``, `Events` in ``Importer/mapSAMEvents()``).
enum SAMExpander {
    static let sections = [
        "Function": "AWS::Serverless::Function", "Api": "AWS::Serverless::Api", "HttpApi": "AWS::Serverless::HttpApi",
        "SimpleTable": "AWS::Serverless::SimpleTable"
    ]

    static func applyGlobals(_ stack: Stack) throws(ImportError) -> Stack {
        guard let globals = stack.globals?.entries else { return stack }
        var out = stack
        for (section, value) in globals {
            guard let type = sections[section] else {
                throw .input(
                    file: stack.file, line: nil, logicalID: nil, path: "Globals.\(section)", message: "unknown Globals section '\(section)'.",
                    fix: "SAM Globals sections are Function, Api, HttpApi, SimpleTable")
            }
            for i in out.resources.indices where out.resources[i].type == type {
                out.resources[i].properties = merge(global: value, local: out.resources[i].properties)
            }
        }
        return out
    }

    static func merge(global: CFValue, local: CFValue) -> CFValue {
        switch (global, local) {
        case (.map(let g), .map(let l)):
            var out = g.filter { gk in !l.contains { $0.0 == gk.0 } }
            for (k, v) in l {
                if let gv = g.first(where: { $0.0 == k })?.1, gv.intrinsic == nil, v.intrinsic == nil {
                    out.append((k, merge(global: gv, local: v)))
                } else {
                    out.append((k, v))
                }
            }
            return .map(out)
        case (.list(let g), .list(let l)): return .list(g + l)
        default: return local
        }
    }
}
