// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "streamtop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "streamtop", targets: ["streamtop"]),
        // For the fuzz package (Fuzz/), which depends on this one by path.
        .library(name: "EventStream", targets: ["EventStream"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Deployment", targets: ["Deployment"]),
        .library(name: "OutputFormats", targets: ["OutputFormats"]),
        .library(name: "Feeds", targets: ["Feeds"]),
        .library(name: "Replay", targets: ["Replay"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .library(name: "Terminal", targets: ["Terminal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "EventStream"),
        // The decoder in Analysis spends most of its time in the scanner's small calls: without
        // cross-module optimisation they are not inlined there (replay measured 8% slower).
        .target(name: "JSON", swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
        .target(
            name: "Analysis",
            dependencies: ["EventStream", "JSON", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(name: "Deployment", dependencies: ["Analysis", "JSON"]),
        .target(name: "OutputFormats", dependencies: ["Analysis", "Deployment", "JSON"]),
        .target(
            name: "Feeds",
            dependencies: ["EventStream", "JSON", "Analysis", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(
            name: "Replay",
            dependencies: [
                "EventStream", "JSON", "Analysis", "Feeds",
                .product(name: "CompressNIO", package: "compress-nio"), .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Live",
            dependencies: [
                "EventStream", "JSON", "Analysis", "Feeds", "Deployment",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "GraphEngine"),
        .target(name: "Demo", dependencies: ["GraphEngine", "JSON", "Analysis", "Feeds"]),
        .target(
            name: "Serve",
            dependencies: [
                "EventStream", "JSON", "Analysis", "OutputFormats", "Feeds", "Demo",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "Dashboard", dependencies: ["Analysis", "Deployment", "OutputFormats", "Feeds", "JSON"]),
        // No pkgConfig: SwiftPM would warn about and drop ncursesw's only flags (the feature
        // macros, which shim.h defines itself); the library is linked by the module map.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "Terminal", dependencies: ["Dashboard", "CNcursesw"]),
        .executableTarget(
            name: "streamtop",
            dependencies: [
                "EventStream", "JSON", "Analysis", "Deployment", "OutputFormats", "Feeds", "Replay", "Live", "Demo", "Dashboard",
                "Terminal", "Serve",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "StreamtopBench",
            dependencies: [
                "EventStream", "JSON", "Analysis", "Deployment", "Feeds", "Replay", "Live", "GraphEngine", "Demo", "Dashboard",
                "TestSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["Analysis", "EventStream", "Demo"], path: "Tests/TestSupport"),
        .testTarget(name: "EventStreamTests", dependencies: ["EventStream", "TestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "JSON", "EventStream", "TestSupport"]),
        .testTarget(name: "OutputFormatsTests", dependencies: ["OutputFormats", "Analysis", "TestSupport"]),
        .testTarget(name: "GraphEngineTests", dependencies: ["GraphEngine", "TestSupport"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Analysis", "Feeds", "GraphEngine", "TestSupport"]),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds", "Analysis", "EventStream", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "Feeds", "Analysis", "EventStream", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["streamtop", "TestSupport"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Deployment", "Feeds", "Analysis", "EventStream", "TestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Dashboard", "Analysis", "TestSupport"]),
        .testTarget(name: "E2ETests", dependencies: ["streamtop", "TestSupport"]),
        .testTarget(name: "ServeTests", dependencies: ["Serve", "Analysis", "EventStream", "JSON", "OutputFormats", "streamtop", "TestSupport"]),
        .testTarget(name: "DeploymentTests", dependencies: ["Deployment", "Analysis", "JSON", "TestSupport"]),
        .testTarget(
            name: "LiveTests",
            dependencies: [
                "Live", "Feeds", "Analysis", "Deployment", "EventStream", "streamtop", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
