// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "streamtop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "streamtop", targets: ["streamtop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
    ],
    targets: [
        .target(name: "EventStream"),
        .target(
            name: "Analysis",
            dependencies: ["EventStream", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(name: "GraphEngine"),
        .target(name: "Demo", dependencies: ["GraphEngine", "Analysis"]),
        .target(
            name: "Feeds",
            dependencies: [
                "EventStream", "Analysis",
                .product(name: "CompressNIO", package: "compress-nio"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "Dashboard", dependencies: ["Analysis"]),
        // No pkgConfig: SwiftPM would warn about and drop ncursesw's only flags (the feature
        // macros, which shim.h defines itself); the library is linked by the module map.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "Terminal", dependencies: ["Dashboard", "CNcursesw"]),
        .executableTarget(
            name: "streamtop",
            dependencies: [
                "EventStream", "Analysis", "Feeds", "Demo", "Dashboard", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "StreamtopBench",
            dependencies: [
                "EventStream", "Analysis", "Feeds", "GraphEngine", "Demo", "Dashboard",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "EventStreamTests", dependencies: ["EventStream"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"]),
        .testTarget(name: "GraphEngineTests", dependencies: ["GraphEngine", "TestSupport"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Analysis", "GraphEngine", "TestSupport"]),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds", "Analysis", "EventStream"]),
        .testTarget(name: "CLITests", dependencies: ["streamtop", "TestSupport"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Analysis", "EventStream"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Dashboard", "Analysis"]),
        .testTarget(name: "E2ETests", dependencies: ["streamtop"]),
        .testTarget(
            name: "LiveTests",
            dependencies: [
                "Feeds", "Analysis", "EventStream", "streamtop", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
