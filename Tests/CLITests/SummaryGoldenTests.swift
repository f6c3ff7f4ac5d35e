import Foundation
import Testing
import TestSupport

/// `replay --summary json` on every recorded stream, and `demo --speed 0 --summary json` (the
/// seeded demo, which prints the same bytes every run), compared byte for byte with a reviewed
/// golden file. Run with STREAMTOP_UPDATE_GOLDENS=1 to write them anew after a deliberate change.
@Suite("Summary goldens")
struct SummaryGoldenTests {
    static let samples = [
        "ref-default.sse", "ref-default.jsonl", "ref-multiline-mixed-eol.sse", "ref-invalid-unknown.sse",
        "ref-node-error.sse", "lg-analysis-error.sse", "lg-tiny-all-modes.sse", "ref-default.sse.gz",
        "lg-server-analysis.sse", "lg-server-analysis-error.sse", "lg-server-chat-interrupt.sse", "lg-server-chat-resumed.sse",
    ]

    @Test("replay --summary json matches its golden", arguments: samples)
    func golden(sample: String) async throws {
        let result = try await ChildProcess.streamtop(["replay", "--summary", "json", fixturePath("samples/\(sample)")])
        #expect(result.status == 0, "\(result.stderr)")
        let goldenPath = fixturePath("golden/\(sample).summary.json")
        if ProcessInfo.processInfo.environment["STREAMTOP_UPDATE_GOLDENS"] == "1" {
            try result.stdout.write(toFile: goldenPath, atomically: true, encoding: .utf8)
        }
        #expect(result.stdout == (try String(contentsOfFile: goldenPath, encoding: .utf8)))
    }

    /// The benchmark's stream, 100,000 events of it: what the decoder and the reducer make of a
    /// realistic mix at volume (every event type, sources by the thousand, long runs of one
    /// competitor) stays what it was when the golden was reviewed, however they are made faster.
    @Test("replay --summary json of a generated 100,000-event log matches its golden", .timeLimit(.minutes(3)))
    func generatedLog() async throws {
        let log = temporaryPath("bench-100000.sse")
        defer { try? FileManager.default.removeItem(atPath: log) }
        try BenchLog.write(events: 100_000, to: log)
        let result = try await ChildProcess.streamtop(["replay", "--summary", "json", log])
        #expect(result.status == 0, "\(result.stderr)")
        let goldenPath = fixturePath("golden/bench-100000.summary.json")
        if ProcessInfo.processInfo.environment["STREAMTOP_UPDATE_GOLDENS"] == "1" {
            try result.stdout.write(toFile: goldenPath, atomically: true, encoding: .utf8)
        }
        #expect(result.stdout == (try String(contentsOfFile: goldenPath, encoding: .utf8)))
    }

    /// A demo run: the name of its golden, and the options beside `--speed 0 --summary json`.
    struct DemoRun: Sendable, CustomTestStringConvertible {
        var golden: String
        var options: [String]
        var testDescription: String { golden }
    }

    static let demoRuns = [
        DemoRun(golden: "demo-default", options: []),
        DemoRun(golden: "demo-seed-7-fail-rate-0.5-A-B", options: ["--seed", "7", "--fail-rate", "0.5", "--competitor", "A", "--competitor", "B"]),
    ]

    @Test("demo --speed 0 --summary json matches its golden", arguments: demoRuns)
    func demoGolden(run: DemoRun) async throws {
        let result = try await ChildProcess.streamtop(["demo", "--speed", "0", "--summary", "json"] + run.options)
        #expect(result.status == 0, "\(result.stderr)")
        let goldenPath = fixturePath("golden/\(run.golden).summary.json")
        if ProcessInfo.processInfo.environment["STREAMTOP_UPDATE_GOLDENS"] == "1" {
            try result.stdout.write(toFile: goldenPath, atomically: true, encoding: .utf8)
        }
        #expect(result.stdout == (try String(contentsOfFile: goldenPath, encoding: .utf8)))
    }

    @Test("a demo's recording replays to exactly the demo's summary, errors and their lines included", arguments: demoRuns)
    func demoRecordingReplays(run: DemoRun) async throws {
        let recording = temporaryPath("demo.jsonl")
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let live = try await ChildProcess.streamtop(["demo", "--speed", "0", "--summary", "json", "--record", recording] + run.options)
        #expect(live.status == 0, "\(live.stderr)")
        let replayed = try await ChildProcess.streamtop(["replay", "--summary", "json", recording])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout == live.stdout)
    }
}
