#if canImport(Glibc)
import Glibc
#endif
import Foundation
import JSON
import Testing
import TestSupport

/// A stream stopped by a signal still gives what it received: the summary so far, marked
/// incomplete, and a status that says it was stopped.
@Suite("Stopping connect with a signal")
struct StopSignalTests {
    @Test("SIGTERM or SIGINT during --summary json: the state received so far, marked incomplete, exit 128 + signal", arguments: [SIGTERM, SIGINT])
    func summaryOnSignal(_ signal: Int32) async throws {
        let run = TestRun(count: 10)
        // Four events, then the stream stays open with nothing more.
        let server = try await TestServer { _, _ in .init(steps: [.send(run.sse(1...4)), .hang]) }
        defer { server.stop() }
        let recording = temporaryPath("stopped.jsonl")
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let child = try ChildProcess.startStreamtop([
            "connect", server.baseURL + "/api/analysis/stream", "--summary", "json", "--record", recording,
        ])
        // The recording gets each event as the face takes it: once the header and four events
        // are there, all four have been taken.
        let recorded = await Self.waitUntil {
            (try? String(contentsOfFile: recording, encoding: .utf8))?.split(separator: "\n").count == 5
        }
        guard recorded else {
            child.signal(SIGKILL)
            let stuck = try await child.wait()
            Issue.record("four events were never recorded: \(stuck.stderr); recording: \((try? String(contentsOfFile: recording, encoding: .utf8)) ?? "none")")
            return
        }
        child.signal(signal)
        let result = try await child.wait()
        #expect(result.status == 128 + signal, "\(result.stderr)")
        #expect(result.stderr.contains("streamtop: stopped by signal \(signal) before the stream ended"))
        let summary = try JSONValue(parsing: result.stdout)
        #expect(summary["incomplete"] == .bool(true))
        #expect(summary["completed"] == .bool(false))
        #expect(summary["events"]?["total"]?.numberValue == 4)
    }

    @Test("a summary of a stream that ended on its own says nothing of being incomplete")
    func completeSummary() async throws {
        let run = TestRun(count: 5)
        let server = try await TestServer { _, _ in .init(steps: [.send(run.sse(run.all))]) }
        defer { server.stop() }
        let result = try await ChildProcess.streamtop(["connect", server.baseURL + "/api/analysis/stream", "--summary", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try JSONValue(parsing: result.stdout)["incomplete"] == nil)
    }

    /// Checks `condition` until it holds, for at most 60 s: a bound on a wait, never a pace.
    private static func waitUntil(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(10))) != nil else { return false }
        }
        return true
    }
}
