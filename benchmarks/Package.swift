// swift-tools-version: 6.1
// Faultline's benchmarks (ordo-one/benchmark). Run with `swift package benchmark` here, or
// `make bench` at the top level. The plugin finds targets under `Benchmarks/`.
import PackageDescription

/// SwiftPM names a path dependency after its folder, which is wherever Faultline was cloned.
let faultline = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "faultline").lowercased()

let package = Package(
    name: "FaultlineBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0")
    ],
    targets: [
        benchmark(
            "KernelBenchmarks", "Kernel",
            [
                .product(name: "FaultlineKernel", package: faultline),
                .product(name: "HeapModule", package: "swift-collections")
            ]),
        benchmark("SamplerBenchmarks", "Samplers", [.product(name: "FaultlineRandom", package: faultline)]),
        benchmark("ScenarioBenchmarks", "Scenarios", [.product(name: "FaultlineScenario", package: faultline)])
    ]
)

/// A benchmark executable under `Benchmarks/<folder>`, where the plugin looks for them.
func benchmark(_ name: String, _ folder: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(folder)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
