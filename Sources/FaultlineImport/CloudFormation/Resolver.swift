import Foundation

/// Evaluates CloudFormation intrinsic functions against one stack: `Ref`, `Fn::GetAtt`,
/// `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`, `Fn::Equals`, `Fn::And`, `Fn::Or`,
/// `Fn::Not`, `Condition`, `Fn::FindInMap`, `Fn::GetAZs`, `Fn::Base64`, `Fn::Length`,
/// `Fn::ToJsonString`, `Fn::ImportValue` and `Fn::Cidr` (the last two give stand-in values, listed
/// as assumptions), with the pseudo parameters (`AWS::Region`, `AWS::AccountId`, `AWS::StackName`,
/// `AWS::NoValue`, ...). Cycles (a name that refers to itself through other names, conditions
/// that refer to each other) are errors, and evaluation depth is limited.
final class Resolver {
    let stack: Stack
    let region: String
    let account: String
    let azNames: [String]
    /// Parameter values: the overlay's, else the parent stack's, else the default.
    private(set) var parameterValues: [String: CFValue] = [:]
    private var conditionMemo: [String: Bool] = [:]
    private var conditionsInProgress: Set<String> = []
    private var nameMemo: [String: String] = [:]
    private var namesInProgress: [String] = []
    private var depth = 0
    /// Values the importer had to assume (parameters without defaults, imports), for the skeleton.
    private(set) var assumptions: [String] = []

    init(stack: Stack, region: String, account: String, azNames: [String], overrides: [String: String]) throws(ImportError) {
        self.stack = stack
        self.region = region
        self.account = account
        self.azNames = azNames
        for (name, decl) in stack.parameters {
            if let o = overrides[name] {
                parameterValues[name] = .string(o)
                continue
            }
            if let given = stack.givenParameters[name] {
                parameterValues[name] = given
                continue
            }
            let type = decl["Type"]?.text ?? "String"
            if let d = decl["Default"] {
                parameterValues[name] =
                    type.hasPrefix("List<") || type == "CommaDelimitedList"
                    ? .list((d.text ?? "").split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }) : d
                continue
            }
            // No default: a stand-in value of the parameter's type, stated in the skeleton.
            let allowed = decl["AllowedValues"]?.list?.first
            let v: CFValue
            if let allowed {
                v = allowed
            } else if type == "Number" {
                v = .number(decl["MinValue"]?.text ?? "1")
            } else if type.hasPrefix("List<") || type == "CommaDelimitedList" {
                v = .list([.string("\(name)-1"), .string("\(name)-2")])
            } else if type == "AWS::EC2::VPC::Id" {
                v = .string("vpc-" + Naming.id(name))
            } else if type == "AWS::EC2::Subnet::Id" {
                v = .string("subnet-" + Naming.id(name))
            } else if type.hasPrefix("AWS::SSM::Parameter::Value") {
                v = .string("\(name)-value")
            } else {
                v = .string(name.lowercased())
            }
            parameterValues[name] = v
            assumptions.append("stack parameter \(name) (\(type)) has no default: assumed \(v.json); give it under parameters: in the overlay")
        }
    }

    private func fail(_ logicalID: String?, _ path: String, _ message: String, _ fix: String) -> ImportError {
        .input(file: stack.file, line: logicalID.flatMap { stack.resource($0)?.line }, logicalID: logicalID, path: path, message: message, fix: fix)
    }

    // MARK: identities

    /// The identity of a resource of this stack (its physical name evaluated once).
    func identity(_ logicalID: String, from: String?, path: String) throws(ImportError) -> ResourceIdentity {
        guard let r = stack.resource(logicalID) else {
            throw fail(
                from, path, "'\(logicalID)' is not a resource or parameter of the stack.",
                "check the spelling; resources are: " + stack.resources.prefix(20).map(\.logicalID).joined(separator: ", "))
        }
        return ResourceIdentity(
            type: Self.canonicalType(r.type), logicalID: logicalID, name: try physicalName(r), region: region,
            account: account, stack: stack.name)
    }

    /// SAM types stand for the CloudFormation types they expand to.
    static func canonicalType(_ type: String) -> String {
        switch type {
        case "AWS::Serverless::Function": return "AWS::Lambda::Function"
        case "AWS::Serverless::Api": return "AWS::ApiGateway::RestApi"
        case "AWS::Serverless::HttpApi": return "AWS::ApiGatewayV2::Api"
        case "AWS::Serverless::SimpleTable": return "AWS::DynamoDB::Table"
        case "AWS::Serverless::LayerVersion": return "AWS::Lambda::LayerVersion"
        case "AWS::Serverless::StateMachine": return "AWS::StepFunctions::StateMachine"
        default: return type
        }
    }

    func physicalName(_ r: Stack.Resource) throws(ImportError) -> String {
        if let n = nameMemo[r.logicalID] { return n }
        if namesInProgress.contains(r.logicalID) {
            throw fail(
                r.logicalID, "Properties." + (Naming.nameProperty[Self.canonicalType(r.type)] ?? ""),
                "cyclic reference: the name of \(r.logicalID) depends on itself (\((namesInProgress + [r.logicalID]).joined(separator: " -> "))).",
                "break the cycle: name one of these resources with a literal")
        }
        namesInProgress.append(r.logicalID)
        defer { namesInProgress.removeLast() }
        let type = Self.canonicalType(r.type)
        var name = Naming.generated(stack: stack.name, logicalID: r.logicalID, type: type)
        if let prop = Naming.nameProperty[type], let v = r.properties[prop], let resolved = try value(v, from: r.logicalID, path: "Properties.\(prop)")?.text {
            name = resolved
        }
        // A REST/HTTP API without Name takes its OpenAPI body's info.title (as API Gateway does on import).
        if type == "AWS::ApiGateway::RestApi" || type == "AWS::ApiGatewayV2::Api", r.properties["Name"] == nil,
            let title = (r.properties["Body"] ?? r.properties["DefinitionBody"])?["info"]?["title"],
            let t = try value(title, from: r.logicalID, path: "Properties.Body.info.title")?.text
        {
            name = t
        }
        // SAM's generated OpenAPI body is titled with the stack name, so an unnamed Serverless API takes it.
        if r.type == "AWS::Serverless::Api" || r.type == "AWS::Serverless::HttpApi", r.properties["Name"] == nil,
            (r.properties["DefinitionBody"]?["info"]?["title"]) == nil
        {
            name = stack.name
        }
        if type == "AWS::Lambda::Alias" || type == "AWS::Lambda::Version", let fn = r.properties["FunctionName"],
            let fnText = try value(fn, from: r.logicalID, path: "Properties.FunctionName")?.text
        {
            // `<function>:<alias>` / `<function>:<version>`: the qualified name in the ARN.
            let bare = fnText.range(of: ":function:").map { String(fnText[$0.upperBound...]) } ?? fnText
            var qualifier = "1"
            if type == "AWS::Lambda::Alias" {
                qualifier = "alias"
                if let n = r.properties["Name"], let t = try value(n, from: r.logicalID, path: "Name")?.text { qualifier = t }
            }
            name = bare + ":" + qualifier
        }
        nameMemo[r.logicalID] = name
        return name
    }

    // MARK: conditions

    func condition(_ name: String, from: String?, path: String) throws(ImportError) -> Bool {
        if let c = conditionMemo[name] { return c }
        guard let expr = stack.conditions.first(where: { $0.0 == name })?.1 else {
            throw fail(from, path, "the condition '\(name)' is not defined.", "add it under Conditions or fix the name")
        }
        if !conditionsInProgress.insert(name).inserted {
            throw fail(from, path, "cyclic condition: '\(name)' depends on itself.", "rewrite the Conditions so none refers back to itself")
        }
        defer { conditionsInProgress.remove(name) }
        let v = try value(expr, from: from, path: "Conditions.\(name)")
        guard let b = v?.boolValue else {
            throw fail(from, "Conditions.\(name)", "the condition does not evaluate to true or false.", "use Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
        }
        conditionMemo[name] = b
        return b
    }

    /// Whether a resource exists (its `Condition`, if any, is true).
    func exists(_ r: Stack.Resource) throws(ImportError) -> Bool {
        guard let c = r.condition else { return true }
        return try condition(c, from: r.logicalID, path: "Condition")
    }

    // MARK: values

    /// Resolves every intrinsic in `v`; nil means `AWS::NoValue` (the key is left out).
    func value(_ v: CFValue, from: String?, path: String) throws(ImportError) -> CFValue? {
        depth += 1
        defer { depth -= 1 }
        if depth > ImportLimits.maxEvaluationDepth {
            throw .limit(
                file: stack.file, what: "the evaluation depth at Resources.\(from ?? "?").\(path)", limit: ImportLimits.maxEvaluationDepth,
                fix: "check for references that go round in a circle")
        }
        if let (fn, arg) = v.intrinsic { return try intrinsic(fn, arg, from: from, path: path) }
        switch v {
        case .list(let items):
            var out: [CFValue] = []
            for (i, item) in items.enumerated() { if let r = try value(item, from: from, path: "\(path)[\(i)]") { out.append(r) } }
            return .list(out)
        case .map(let entries):
            var out: [(String, CFValue)] = []
            for (k, item) in entries { if let r = try value(item, from: from, path: path.isEmpty ? k : "\(path).\(k)") { out.append((k, r)) } }
            return .map(out)
        case .string, .number, .bool, .null: return v
        }
    }

    private func text(_ v: CFValue, from: String?, path: String, fn: String) throws(ImportError) -> String {
        guard let t = try value(v, from: from, path: path)?.text else {
            throw fail(from, path, "\(fn) needs a string here, got \(v.json.prefix(80)).", "see the \(fn) documentation for its arguments")
        }
        return t
    }

    private func ref(_ name: String, from: String?, path: String) throws(ImportError) -> CFValue? {
        switch name {
        case "AWS::Region": return .string(region)
        case "AWS::AccountId": return .string(account)
        case "AWS::StackName": return .string(stack.name)
        case "AWS::StackId": return .string("arn:aws:cloudformation:\(region):\(account):stack/\(stack.name)/\(Naming.id(stack.name, length: 8))")
        case "AWS::Partition": return .string("aws")
        case "AWS::URLSuffix": return .string("amazonaws.com")
        case "AWS::NotificationARNs": return .list([])
        case "AWS::NoValue": return nil
        default: break
        }
        if let p = parameterValues[name] { return p }
        return try identity(name, from: from, path: path).ref
    }

    private func getAtt(_ logicalID: String, _ attr: String, from: String?, path: String) throws(ImportError) -> CFValue {
        let id = try identity(logicalID, from: from, path: path)
        if id.type == "AWS::EC2::Subnet", attr == "AvailabilityZone", let r = stack.resource(logicalID), let az = r.properties["AvailabilityZone"] {
            if let v = try value(az, from: logicalID, path: "AvailabilityZone") { return v }
        }
        return id.attribute(attr)
    }

    private func intrinsic(_ fn: String, _ arg: CFValue, from: String?, path: String) throws(ImportError) -> CFValue? {
        let p = "\(path).\(fn)"
        switch fn {
        case "Ref":
            guard let name = arg.text else { throw fail(from, p, "Ref needs a logical ID or parameter name.", "write !Ref Name") }
            return try ref(name, from: from, path: p)
        case "Condition":
            guard let name = arg.text else { throw fail(from, p, "Condition needs a condition name.", "write { Condition: Name }") }
            return .bool(try condition(name, from: from, path: p))
        case "Fn::GetAtt":
            var parts: [String] = []
            if let s = arg.text {
                parts = s.split(separator: ".", maxSplits: 1).map(String.init)
            } else if let l = arg.list {
                for (i, x) in l.enumerated() { parts.append(try text(x, from: from, path: "\(p)[\(i)]", fn: fn)) }
            }
            guard parts.count == 2 else { throw fail(from, p, "Fn::GetAtt needs [LogicalId, Attribute].", "write !GetAtt LogicalId.Attribute") }
            return try getAtt(parts[0], parts[1], from: from, path: p)
        case "Fn::Sub":
            var template = "", vars: [(String, CFValue)] = []
            if let s = arg.text {
                template = s
            } else if let l = arg.list, l.count == 2, let s = l[0].text {
                template = s
                vars = l[1].entries ?? []
            } else {
                throw fail(from, p, "Fn::Sub needs a string or [string, {variables}].", "write !Sub 'text ${Name}'")
            }
            var local: [String: CFValue] = [:]
            for (k, vv) in vars { local[k] = try value(vv, from: from, path: "\(p)[1].\(k)") }
            return .string(try substitute(template, local: local, from: from, path: p))
        case "Fn::Join":
            guard let l = arg.list, l.count == 2, let sep = l[0].text else {
                throw fail(from, p, "Fn::Join needs [delimiter, [values]].", "write !Join [',', [a, b]]")
            }
            guard let items = try value(l[1], from: from, path: "\(p)[1]")?.list else {
                throw fail(from, p, "Fn::Join's second argument must be a list.", "give a list of values")
            }
            let joined = items.compactMap(\.text).joined(separator: sep)
            if joined.utf8.count > ImportLimits.maxStringBytes {
                throw .limit(file: stack.file, what: "a string built by Fn::Join at \(p)", limit: ImportLimits.maxStringBytes, fix: "check the template")
            }
            return .string(joined)
        case "Fn::Select":
            guard let l = arg.list, l.count == 2, let idx = try value(l[0], from: from, path: "\(p)[0]")?.int else {
                throw fail(from, p, "Fn::Select needs [index, list].", "write !Select [0, !GetAZs '']")
            }
            guard let items = try value(l[1], from: from, path: "\(p)[1]")?.list else {
                throw fail(from, p, "Fn::Select's second argument must be a list.", "give a list")
            }
            guard idx >= 0, idx < items.count else {
                throw fail(
                    from, p, "Fn::Select index \(idx) is outside the list of \(items.count).",
                    "use an index from 0 to \(max(0, items.count - 1)), or list more AZs in the overlay (azs:)")
            }
            return items[idx]
        case "Fn::Split":
            guard let l = arg.list, l.count == 2, let sep = l[0].text else {
                throw fail(from, p, "Fn::Split needs [delimiter, string].", "write !Split [',', 'a,b']")
            }
            let s = try text(l[1], from: from, path: "\(p)[1]", fn: fn)
            return .list(s.components(separatedBy: sep).map { .string($0) })
        case "Fn::If":
            guard let l = arg.list, l.count == 3, let c = l[0].text else {
                throw fail(from, p, "Fn::If needs [condition, then, else].", "write !If [Cond, a, b]")
            }
            return try value(try condition(c, from: from, path: p) ? l[1] : l[2], from: from, path: p)
        case "Fn::Equals":
            guard let l = arg.list, l.count == 2 else { throw fail(from, p, "Fn::Equals needs two values.", "write !Equals [a, b]") }
            let a = try value(l[0], from: from, path: "\(p)[0]"), b = try value(l[1], from: from, path: "\(p)[1]")
            return .bool((a?.text ?? a?.json) == (b?.text ?? b?.json))
        case "Fn::And", "Fn::Or":
            guard let l = arg.list, !l.isEmpty else { throw fail(from, p, "\(fn) needs a list of conditions.", "write !\(fn.dropFirst(4)) [a, b]") }
            var bs: [Bool] = []
            for (i, x) in l.enumerated() {
                guard let b = try value(x, from: from, path: "\(p)[\(i)]")?.boolValue else {
                    throw fail(from, p, "\(fn) needs conditions that are true or false.", "use Condition or Fn::Equals")
                }
                bs.append(b)
            }
            return .bool(fn == "Fn::And" ? bs.allSatisfy { $0 } : bs.contains(true))
        case "Fn::Not":
            guard let x = arg.list?.first ?? Optional(arg), let b = try value(x, from: from, path: p)?.boolValue else {
                throw fail(from, p, "Fn::Not needs one condition.", "write !Not [!Equals [a, b]]")
            }
            return .bool(!b)
        case "Fn::FindInMap":
            guard let l = arg.list, l.count >= 3 else { throw fail(from, p, "Fn::FindInMap needs [map, key, key].", "write !FindInMap [Map, Key, Key]") }
            let m = try text(l[0], from: from, path: "\(p)[0]", fn: fn), k1 = try text(l[1], from: from, path: "\(p)[1]", fn: fn)
            let k2 = try text(l[2], from: from, path: "\(p)[2]", fn: fn)
            if let v = stack.mappings[m]?[k1]?[k2] { return try value(v, from: from, path: p) }
            if l.count == 4, let d = l[3]["DefaultValue"] { return try value(d, from: from, path: p) }
            throw fail(from, p, "Mappings.\(m).\(k1).\(k2) does not exist.", "add it to Mappings (for the Region, add \(region) or set region: in the overlay)")
        case "Fn::GetAZs":
            return .list(azNames.map { .string($0) })
        case "Fn::Base64", "Fn::ToJsonString":
            guard let v = try value(arg, from: from, path: p) else { return nil }
            return .string(v.text ?? v.json)
        case "Fn::Length":
            return .number(String(try value(arg, from: from, path: p)?.list?.count ?? 0))
        case "Fn::ImportValue":
            let name = (try? value(arg, from: from, path: p))??.text ?? "import"
            assumptions.append("Fn::ImportValue '\(name)' (in \(from ?? "?")) comes from another stack: assumed the string '\(name)'")
            return .string(name)
        case "Fn::Cidr":
            let n = (arg.list?.count ?? 0) > 1 ? (try value(arg.list![1], from: from, path: p)?.int ?? 1) : 1
            return .list((0..<min(max(n, 1), 256)).map { .string("10.0.\($0).0/24") })
        case "Fn::Transform":
            throw fail(
                from, p, "Fn::Transform (macros) cannot be expanded offline.",
                "expand the macro first (deploy it, or pass the processed template: aws cloudformation get-template --template-stage Processed)")
        default:
            throw fail(
                from, p, "unknown intrinsic function \(fn).",
                "use one of Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::FindInMap, Fn::GetAZs")
        }
    }

    /// `${Name}`, `${Resource.Attribute}` and `${!Literal}` in an `Fn::Sub` string.
    private func substitute(_ template: String, local: [String: CFValue], from: String?, path: String) throws(ImportError) -> String {
        var out = ""
        var rest = Substring(template)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "}") else {
                out += rest[start.lowerBound...]
                rest = ""
                break
            }
            let name = String(after[..<end]).trimmingCharacters(in: .whitespaces)
            rest = after[after.index(after: end)...]
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
                continue
            }
            let v: CFValue?
            if let l = local[name] {
                v = l
            } else if name.contains("."), !name.hasPrefix("AWS::") {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                v = try getAtt(parts[0], parts[1], from: from, path: path)
            } else {
                v = try ref(name, from: from, path: path)
            }
            out += v?.text ?? (v?.list?.compactMap(\.text).joined(separator: ",") ?? "")
            if out.utf8.count > ImportLimits.maxStringBytes {
                throw .limit(file: stack.file, what: "a string built by Fn::Sub at \(path)", limit: ImportLimits.maxStringBytes, fix: "check the template")
            }
        }
        return out + rest
    }
}
