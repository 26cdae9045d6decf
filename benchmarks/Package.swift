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
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FaultlineKernel", package: faultline),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            path: "Benchmarks/Kernel",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SamplerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FaultlineRandom", package: faultline),
            ],
            path: "Benchmarks/Samplers",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ScenarioBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FaultlineScenario", package: faultline),
            ],
            path: "Benchmarks/Scenarios",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
