import ArgumentParser
import FaultlineServe
import Foundation

/// `faultline serve`: an FIS-compatible REST-JSON endpoint on 127.0.0.1 that the real AWS
/// CLI, boto3 and Terraform drive with `--endpoint-url`, answering with simulated experiments
/// (docs/serve.md).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the AWS FIS API (2020-12-01) on 127.0.0.1, running experiments in the simulator.",
        discussion: """
            Point any FIS client at it: aws fis --endpoint-url http://127.0.0.1:PORT ..., or
            export AWS_ENDPOINT_URL_FIS=http://127.0.0.1:PORT (any access key, any Region; no real
            credentials are needed or checked). Templates are validated as 'faultline validate'
            does and bound to the --scenario (or, per template, to the tag
            faultline:scenario=NAME, a scenario of --scenarios-dir). StartExperiment runs the
            simulation; GetExperiment shows its states on simulated time projected by --pace.
            state.reason carries the verdict; experimentReport points at the run's report.html.

            Examples:
              faultline serve --scenario scenarios/lambda-fis-stop-condition.yaml --port 4599
              faultline serve --scenario lambda-fis-stop-condition --pace x60 --state-dir .faultline-serve
              faultline serve --scenarios-dir scenarios --port 0 --out-dir out/serve
            """
    )

    @Option(help: "The scenario templates run against: a file, or a NAME of --scenarios-dir.")
    var scenario: String?

    @Option(help: "Folder of scenarios that the tag faultline:scenario=NAME names (default: the folder of --scenario, else scenarios).")
    var scenariosDir: String?

    @Option(help: "TCP port on 127.0.0.1 (0: any free port; the chosen one is printed).")
    var port: UInt16 = 4599

    @Option(help: "How simulated time shows: instant (final state on the first GetExperiment), realtime, or xK (K simulated seconds per second).")
    var pace: String = "instant"

    @Option(help: "Master seed of every run and of the experiment IDs (default: the scenario's seed).")
    var seed: UInt64?

    @Option(help: "Keep templates and experiments here across restarts (state.json; default: in memory only).")
    var stateDir: String?

    @Option(help: "Run folders (experiments/<id>/ with report.html, summary.json, timeline.csv) and experiment logs go here.")
    var outDir: String = "out/serve"

    @Option(help: "The account ID in ARNs.")
    var account: String = "123456789012"

    @Option(help: "The Region of ARNs for unsigned requests (signed ones use their credential scope's Region).")
    var region: String = "us-east-1"

    func run() async throws {
        guard let pace = Pace(pace) else { throw ValidationError("--pace must be instant, realtime or xK (e.g. x60), got '\(pace)'") }
        guard account.count == 12, account.allSatisfy(\.isNumber) else { throw ValidationError("--account must be 12 digits, got '\(account)'") }
        let dir =
            scenariosDir ?? scenario.flatMap { s in FileManager.default.fileExists(atPath: s) ? (s as NSString).deletingLastPathComponent : nil } ?? "scenarios"
        let folder = dir.isEmpty ? "." : dir
        var bound: BoundScenario?
        if let scenario {
            let path = FileManager.default.fileExists(atPath: scenario) ? scenario : Self.scenarioPath(scenario, in: folder)
            guard let path else { throw CLIError("--scenario \(scenario): no such file, and no \(scenario).yaml in \(folder)") }
            bound = try Self.bind(path)
        }
        guard bound != nil || FileManager.default.fileExists(atPath: folder) else {
            throw ValidationError(
                "give --scenario (the system templates run against) or --scenarios-dir (templates name theirs with the tag faultline:scenario=NAME)")
        }
        var config = ServeConfiguration(seed: seed ?? bound?.defaultSeed ?? 1)
        config.pace = pace
        config.account = account
        config.region = region
        let files = ServeFiles(stateDir: stateDir, outDir: outDir)
        let resolver = ScenarioResolver(defaultScenario: bound) { name in
            guard let path = Self.scenarioPath(name, in: folder) else { throw ServeError.validation("no scenario '\(name)' in \(folder) (\(name).yaml)") }
            return try Self.bind(path)
        }
        let service = try FISService(config: config, scenarios: resolver, runner: ServeRunner(files: files), storage: files)
        await service.resume()
        let server = try ServeHTTP.makeServer(port: port, service: service, maxBody: config.maxBodyBytes)
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        let chosen = await ServeHTTP.boundPort(server) ?? port
        print("faultline serve: FIS API 2020-12-01 on http://127.0.0.1:\(chosen)")
        print("  scenario: \(bound.map { "\($0.name) (\($0.file))" } ?? "none (templates need the tag faultline:scenario=NAME)"); scenarios: \(folder)")
        print("  seed: \(config.seed)  pace: \(pace)  state: \(stateDir ?? "in memory")  outputs: \(outDir)")
        print("  try: AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=\(region) aws fis list-actions --endpoint-url http://127.0.0.1:\(chosen)")
        fflush(nil)
        try await task.value
    }

    /// `NAME.yaml` (or .yml, .json) in `folder`, for names of letters, digits, '-', '_' and '.'.
    static func scenarioPath(_ name: String, in folder: String) -> String? {
        guard !name.isEmpty, !name.hasPrefix("."), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { return nil }
        for ext in ["", ".yaml", ".yml", ".json"] {
            let p = (folder as NSString).appendingPathComponent(name + ext)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { return p }
        }
        return nil
    }

    /// Reads a scenario once; the files it names resolve against its folder, as in `faultline run`.
    static func bind(_ path: String) throws -> BoundScenario {
        let text = try readText(path)
        let base = (path as NSString).deletingLastPathComponent
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try BoundScenario(name: name, file: path, text: text) { relative in
            try readText(relative.hasPrefix("/") ? relative : (base.isEmpty ? relative : base + "/" + relative))
        }
    }
}
