import Foundation
import Testing
import TestSupport

/// `streamtop connect` and `--record`, run as a user runs them, against real servers on loopback.
@Suite("streamtop connect and --record")
struct ConnectCommandTests {
    static let path = "/api/analysis/stream"

    @Test("interop: connect builds the seed's request for a FastAPI server written to the seed's rules, and completes")
    func fastAPIServer() async throws {
        let server = try await SeedServer()
        defer { server.stop() }
        let result = try await ChildProcess.streamtop([
            "connect", server.baseURL, "--competitor", "Stryker Spine", "--competitor", "A&B=C+D #1",
            "--focus-area", "spinal implants", "--summary", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(summary["completed"] as? Bool == true)
        #expect(summary["completion"] as? String == "final_progress")
        // Per competitor: a stage, two searches with sources and a heartbeat each, an insight,
        // a progress update; then the final progress. Every one reduced exactly once.
        #expect((summary["events"] as? [String: Any])?["total"] as? Int == 2 * 9 + 1)
        let competitors = (summary["competitors"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(competitors == ["Stryker Spine", "A&B=C+D #1"])
        #expect(result.stderr.contains("streamtop: completed"))
    }

    @Test("interop: the recording of a live session replays to exactly its final state")
    func fastAPIRecording() async throws {
        let server = try await SeedServer()
        defer { server.stop() }
        let recording = temporaryPath("seed.jsonl")
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let live = try await ChildProcess.streamtop([
            "connect", server.baseURL, "--competitor", "Medtronic", "--focus-area", "robotics", "--summary", "json", "--record", recording,
        ])
        #expect(live.status == 0, "\(live.stderr)")
        let replay = try await ChildProcess.streamtop(["replay", "--summary", "json", recording])
        #expect(replay.status == 0)
        #expect(!live.stdout.isEmpty)
        #expect(replay.stdout == live.stdout)
    }

    @Test("a live session with drops, resumes, missing timestamps, bad JSON and errors replays to the same summary")
    func recordingMatchesLive() async throws {
        let events = [
            #"{"type":"stage_started","data":{"stage":"research_competitor","competitor":"Medtronic"},"metadata":{"session_id":"s"}}"#,
            "this is not JSON",
            #"{"type":"error","data":{"error":"search failed","stage":"research_competitor","competitor":"Medtronic"}}"#,
            #"{"type":"insight_generated","data":{"insight":"cheaper","competitor":"Medtronic"}}"#,
            #"{"type":"mystery"}"#,
            #"{"type":"progress_update","data":{"stage":"complete","progress":1.0}}"#,
        ]
        @Sendable func sse(_ range: ClosedRange<Int>) -> String {
            range.map { "id: \($0)\nevent: update\ndata: \(events[$0 - 1])\n\n" }.joined()
        }
        let server = try await TestServer { request, index in
            switch index {
            case 0: .init(steps: [.send("retry: 1\n" + sse(1...3)), .drop])
            default: .init(steps: [.send(sse(max(1, request.resumingFrom - 1)...6))])
            }
        }
        defer { server.stop() }
        let recording = temporaryPath("live.jsonl")
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let live = try await ChildProcess.streamtop(["connect", server.baseURL + Self.path, "--summary", "json", "--record", recording])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stderr.contains("reconnecting in"))
        let replay = try await ChildProcess.streamtop(["replay", "--summary", "json", recording])
        #expect(replay.stdout == live.stdout)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(live.stdout.utf8)) as? [String: Any])
        #expect((summary["events"] as? [String: Any])?["total"] as? Int == 6)
        #expect(summary["errors_total"] as? Int == 1)
        // Written as the events arrived: the header, then one line per event.
        #expect(try String(contentsOfFile: recording, encoding: .utf8).split(separator: "\n").count == 7)
    }

    @Test("the bearer token from STREAMTOP_TOKEN reaches the server and never the output or the recording")
    func bearerToken() async throws {
        let token = "tok-\(UUID().uuidString)"
        let run = TestRun(count: 3)
        let server = try await TestServer { request, _ in
            request.headers.first(name: "Authorization") == "Bearer \(token)"
                ? .init(steps: [.send(run.sse(run.all))])
                : .init(status: .unauthorized, steps: [.send("who are you?")])
        }
        defer { server.stop() }
        let recording = temporaryPath("token.jsonl")
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let result = try await ChildProcess.streamtop(
            ["connect", server.baseURL + Self.path, "--ui", "json", "--record", recording, "-H", "X-Client: test"],
            environment: ["STREAMTOP_TOKEN": token]
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.log.value.requests.first?.headers.first(name: "X-Client") == "test")
        let written = try String(contentsOfFile: recording, encoding: .utf8)
        for text in [result.stdout, result.stderr, written] { #expect(!text.contains(token)) }
        #expect(result.stdout.split(separator: "\n").count == 3)
    }

    @Test("a 4xx fails with status 1 and the reason; the summary is still printed")
    func failureExitStatus() async throws {
        let server = try await TestServer { _, _ in .init(status: .unauthorized, steps: [.send("who are you?")]) }
        defer { server.stop() }
        let result = try await ChildProcess.streamtop(["connect", server.baseURL + Self.path, "--summary", "json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Error: HTTP 401 Unauthorized: who are you?"))
        #expect(result.stdout.contains("\"completed\": false"))
    }

    @Test("a stream without ids that breaks off: exit 1 with the reason, no new analysis unless --restart")
    func interruptedHeadless() async throws {
        let run = TestRun(count: 6)
        // Streams break off after two events while partial ones are left to give; then they run whole.
        let partialsLeft = Watched(Int.max)
        let server = try await TestServer { _, _ in
            var partial = false
            partialsLeft.update { left in
                partial = left > 0
                if partial { left -= 1 }
            }
            return .init(steps: [.send(partial ? run.sse(1...2, ids: false) : run.sse(run.all, ids: false))])
        }
        defer { server.stop() }
        let plain = try await ChildProcess.streamtop(["connect", server.baseURL + Self.path, "--summary", "json"])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("the server cannot resume — run again to start a new analysis, or pass --restart"))
        // No request after the stream that broke off (a loaded machine may retry one that failed before it).
        await server.log.wait(until: { !$0.answered.isEmpty })
        let broken = server.log.value
        #expect(broken.answered.count == 1)
        #expect(broken.requests.count == (broken.answered.last ?? -1) + 1)

        // With --restart, the stream that breaks off is followed by a new analysis, which runs whole.
        partialsLeft.update { $0 = 1 }
        let restarted = try await ChildProcess.streamtop(["connect", server.baseURL + Self.path, "--summary", "json", "--restart"])
        #expect(restarted.status == 0, "\(restarted.stderr)")
        #expect(await server.log.wait(until: { $0.answered.count == broken.answered.count + 2 }))
    }

    @Test("--record does not overwrite a file without --force")
    func recordRefusesOverwrite() async throws {
        let path = temporaryPath("existing.jsonl")
        try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let refused = try await ChildProcess.streamtop(["demo", "--speed", "0", "--summary", "json", "--record", path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("exists; pass --force to overwrite it"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
        let forced = try await ChildProcess.streamtop(["demo", "--speed", "0", "--summary", "json", "--record", path, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(#"{"streamtop_recording":1,"source":"demo""#))
    }

    @Test("demo --record and replay --record write recordings that replay the same run")
    func demoAndReplayRecord() async throws {
        let first = temporaryPath("demo.jsonl")
        let second = temporaryPath("copy.jsonl")
        defer { for path in [first, second] { try? FileManager.default.removeItem(atPath: path) } }
        let demo = try await ChildProcess.streamtop(["demo", "--speed", "0", "--fail-rate", "0", "--summary", "json", "--record", first])
        let replayed = try await ChildProcess.streamtop(["replay", "--summary", "json", "--record", second, first])
        let copy = try await ChildProcess.streamtop(["replay", "--summary", "json", second])
        #expect(demo.status == 0 && replayed.status == 0 && copy.status == 0)
        #expect(replayed.stdout == demo.stdout)
        #expect(copy.stdout == replayed.stdout)
    }
}
