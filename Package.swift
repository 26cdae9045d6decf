// swift-tools-version: 6.1
// Faultline — a deterministic discrete-event resilience simulator for AWS FIS experiments.
// Licensed GPL-3.0-or-later (it links GSL, which is GPL-3.0).
import PackageDescription

let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "faultline", targets: ["faultline"]),
        .library(name: "FaultlineAnalysis", targets: ["FaultlineAnalysis"]),
        .library(name: "FaultlineScenario", targets: ["FaultlineScenario"]),
        .library(name: "FaultlineSweep", targets: ["FaultlineSweep"]),
        .library(name: "FaultlineFIS", targets: ["FaultlineFIS"]),
        .library(name: "FaultlineImport", targets: ["FaultlineImport"]),
        .library(name: "FaultlineCloud", targets: ["FaultlineCloud"]),
        .library(name: "FaultlineKernel", targets: ["FaultlineKernel"]),
        .library(name: "FaultlineRandom", targets: ["FaultlineRandom"]),
        .library(name: "FaultlineServe", targets: ["FaultlineServe"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
        // `faultline serve`'s HTTP adapter only (docs/serve.md: one package, no NIO).
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1")
    ],
    targets: [
        // GSL through pkg-config; see docs/architecture.md.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "FaultlineKernel",
            dependencies: [.product(name: "Collections", package: "swift-collections")]
        ),
        .target(name: "FaultlineRandom", dependencies: ["CGSL"]),
        .target(name: "FaultlineDocument", dependencies: ["FaultlineKernel", "Yams"]),
        .target(
            name: "FaultlineMetrics",
            dependencies: ["FaultlineKernel", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(
            name: "FaultlineCloud",
            dependencies: [
                "FaultlineKernel", "FaultlineRandom", "FaultlineMetrics",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections")
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "FaultlineScenario",
            dependencies: ["FaultlineCloud", "FaultlineDocument", "FaultlineFIS", "SwiftCSV"],
            exclude: ["README.md"]
        ),
        .target(name: "FaultlineFIS", dependencies: ["FaultlineDocument", "FaultlineKernel"]),
        .target(
            name: "FaultlineAnalysis",
            dependencies: ["FaultlineScenario", "FaultlineCloud", "FaultlineMetrics", "FaultlineKernel", "FaultlineDocument"]
        ),
        // Sweeps, replications with confidence intervals, capacity search, shard merging.
        .target(
            name: "FaultlineSweep",
            dependencies: ["FaultlineAnalysis", "FaultlineScenario", "FaultlineDocument", "FaultlineKernel", "FaultlineMetrics", "FaultlineRandom", "CGSL"]
        ),
        // The FIS REST-JSON service core of `faultline serve`: request in, response out, no sockets.
        .target(
            name: "FaultlineServe",
            dependencies: ["FaultlineAnalysis", "FaultlineScenario", "FaultlineFIS", "FaultlineDocument", "FaultlineKernel", "FaultlineRandom"]
        ),
        // CloudFormation / SAM / CDK / Terraform plan JSON -> scenario (faultline import); docs/import.md.
        .target(name: "FaultlineImport", dependencies: ["FaultlineDocument", "FaultlineKernel"]),
        .executableTarget(
            name: "faultline",
            dependencies: [
                "FaultlineAnalysis", "FaultlineScenario", "FaultlineFIS", "FaultlineSweep", "FaultlineServe", "FaultlineImport",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        .testTarget(name: "FaultlineKernelTests", dependencies: ["FaultlineKernel", "CMallocCounter"]),
        .testTarget(name: "FaultlineRandomTests", dependencies: ["FaultlineRandom"]),
        .testTarget(name: "FaultlineCloudTests", dependencies: ["FaultlineCloud", "FaultlineKernel", "FaultlineRandom"]),
        .testTarget(
            name: "FaultlineMetricsTests",
            dependencies: ["FaultlineMetrics", "FaultlineKernel", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .testTarget(
            name: "FaultlineScenarioTests",
            dependencies: [
                "FaultlineScenario", "FaultlineCloud", "FaultlineDocument", "FaultlineFIS", "FaultlineMetrics", "FaultlineRandom", "FaultlineTestSupport",
                "CMallocCounter"
            ],
            exclude: ["Golden"]
        ),
        .testTarget(name: "FaultlineFISTests", dependencies: ["FaultlineFIS", "FaultlineDocument", "FaultlineTestSupport"]),
        .testTarget(name: "FaultlineCLITests", dependencies: ["faultline", "FaultlineTestSupport", "FaultlineScenario"]),
        .testTarget(
            name: "FaultlineServeTests",
            dependencies: ["FaultlineServe", "FaultlineScenario", "FaultlineAnalysis", "FaultlineFIS", "FaultlineKernel"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "FaultlineAnalysisTests",
            dependencies: ["FaultlineAnalysis", "FaultlineScenario", "FaultlineMetrics", "FaultlineKernel", "FaultlineDocument", "FaultlineTestSupport"]
        ),
        .testTarget(
            name: "FaultlineImportTests", dependencies: ["FaultlineImport", "FaultlineScenario", "FaultlineAnalysis", "FaultlineDocument"],
            exclude: ["Golden"]),
        .testTarget(name: "FaultlineSweepTests", dependencies: ["FaultlineSweep", "FaultlineAnalysis", "FaultlineScenario", "FaultlineDocument"]),
        // Paths and fixtures shared by the test targets (the repository root, shipped scenarios,
        // ../shared corpora): one copy instead of one Support.swift per target.
        .target(name: "FaultlineTestSupport", dependencies: ["FaultlineScenario", "FaultlineMetrics"], path: "Tests/FaultlineTestSupport"),
        // A counting malloc for the allocation gate tests (linked into the test binary only).
        .target(name: "CMallocCounter", path: "Tests/CMallocCounter"),
        // The kernel benchmark gate of `make test`: allocations per event and throughput as a ratio
        // to the C reference heap, in a release build of the kernel alone (benchmarks/README.md).
        .executableTarget(name: "kernel-gate", dependencies: ["FaultlineKernel", "CMallocCounter", "CReferenceHeap"], path: "benchmarks/Gate/KernelGate"),
        .target(name: "CReferenceHeap", path: "benchmarks/Gate/CReferenceHeap")
    ]
)
