// swift-tools-version: 6.0
// libFuzzer targets for streamtop, kept out of the main build: `scripts/fuzz [SECONDS]` builds
// this package in Fuzz/.build with `-sanitize=fuzzer,address` and runs each target.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone is called.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

func streamtop(_ product: String) -> Target.Dependency {
    .product(name: product, package: mainPackage)
}

/// One executable per target, named `fuzz-<target>`; its sources are in Sources/fuzz-<target>.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"] + dependencies)
}

let package = Package(
    name: "streamtop-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver (the runtime comes with -sanitize=fuzzer).
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),
        fuzzTarget("sse-parser", [streamtop("EventStream")]),
        fuzzTarget("envelope-decoder", [streamtop("Analysis"), streamtop("EventStream"), streamtop("JSON"), streamtop("OutputFormats")]),
        fuzzTarget("reducer", [streamtop("Analysis"), streamtop("EventStream"), streamtop("OutputFormats")]),
        fuzzTarget("log-format", [streamtop("Replay"), streamtop("Feeds"), streamtop("EventStream"), streamtop("Analysis")]),
        fuzzTarget("recording", [
            streamtop("Replay"), streamtop("Feeds"), streamtop("EventStream"), streamtop("Analysis"), streamtop("OutputFormats"),
        ]),
        fuzzTarget("key-decoder", [streamtop("Terminal"), streamtop("Dashboard"), streamtop("Analysis"), streamtop("EventStream")]),
    ],
    swiftLanguageModes: [.v6]
)
