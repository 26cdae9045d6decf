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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
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
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "FaultlineScenario",
            dependencies: ["FaultlineCloud", "FaultlineDocument", "FaultlineFIS", "SwiftCSV"]
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
        // CloudFormation / SAM / CDK / Terraform plan JSON -> scenario (faultline import); docs/import.md.
        .target(name: "FaultlineImport", dependencies: ["FaultlineDocument", "FaultlineKernel"]),
        .executableTarget(
            name: "faultline",
            dependencies: ["FaultlineAnalysis", "FaultlineScenario", "FaultlineFIS", "FaultlineSweep", "FaultlineImport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "FaultlineKernelTests", dependencies: ["FaultlineKernel"]),
        .testTarget(name: "FaultlineRandomTests", dependencies: ["FaultlineRandom"]),
        .testTarget(name: "FaultlineCloudTests", dependencies: ["FaultlineCloud", "FaultlineKernel", "FaultlineRandom"]),
        .testTarget(
            name: "FaultlineMetricsTests",
            dependencies: ["FaultlineMetrics", "FaultlineKernel", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .testTarget(
            name: "FaultlineScenarioTests",
            dependencies: ["FaultlineScenario", "FaultlineCloud", "FaultlineDocument", "FaultlineFIS", "FaultlineMetrics", "FaultlineRandom"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "FaultlineFISTests", dependencies: ["FaultlineFIS", "FaultlineDocument"]),
        .testTarget(name: "FaultlineCLITests", dependencies: ["faultline"]),
        .testTarget(
            name: "FaultlineAnalysisTests",
            dependencies: ["FaultlineAnalysis", "FaultlineScenario", "FaultlineMetrics", "FaultlineKernel", "FaultlineDocument"]
        ),
        .testTarget(name: "FaultlineImportTests", dependencies: ["FaultlineImport", "FaultlineScenario", "FaultlineAnalysis", "FaultlineDocument"],
                    exclude: ["Golden"]),
        .testTarget(name: "FaultlineSweepTests", dependencies: ["FaultlineSweep", "FaultlineAnalysis", "FaultlineScenario", "FaultlineDocument"]),
    ]
)
