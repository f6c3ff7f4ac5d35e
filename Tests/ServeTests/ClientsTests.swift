import Foundation
import JSON
import Testing
import TestSupport

/// Real clients against the real server: streamtop's own `connect`, and the seed's Python loop.
@Suite("streamtop serve: clients end to end", .timeLimit(.minutes(2)))
struct ClientsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("streamtop connect --summary json against streamtop serve: exit 0, completed, the batch answer's counts")
    func connectSummary() async throws {
        let server = try await ServeProcess.start(["--speed", "0"])
        defer { server.stop() }
        let result = try await ChildProcess.streamtop([
            "connect", "http://127.0.0.1:\(server.port)", "--competitor", "Medtronic", "--competitor", "Stryker",
            "--focus-area", "spinal implants", "--summary", "json", "--once",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue(parsing: result.stdout)
        #expect(summary["completed"] == .bool(true))
        #expect(summary["completion"]?.stringValue == "analysis_completed")
        #expect(summary["progress"]?.numberValue == 1)

        let answer = try await server.json(Target.batch(["Medtronic", "Stryker"]))
        #expect(answer["session_id"] == summary["session_id"], "the batch call answers the run connect watched")
        #expect(answer["request_id"] == summary["request_id"])
        #expect(answer["competitors"] == summary["competitors"])
        #expect(answer["research_results_count"] == summary["sources"]?["total"])
        #expect(answer["insights"]?.arrayValue?.count == summary["insights_total"]?.numberValue.map { Int($0) })
        #expect(answer["events"] == summary["events"]?["total"])
        #expect(try await server.runs().count == 1)
        await server.logLines { $0.contains("GET /api/analysis/stream?") }
        let lines = server.log.value.lines
        let stream = lines.first { $0.contains("GET /api/analysis/stream?") }
        #expect(stream?.contains("competitors=Medtronic&competitors=Stryker&focus_area=spinal") == true, "\(lines)")
        // Beside the stream, connect asks for the pipeline's graph, once.
        #expect(lines.filter { $0.contains("GET /api/graph") }.count == 1, "\(lines)")
    }

    @Test("the seed's client loop (requests' iter_lines + json.loads) reads every event of a run")
    func seedClientLoop() async throws {
        let python = Self.root.appendingPathComponent(".venv/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "no \(python): run scripts/setup, which makes the virtualenv")
        let server = try await ServeProcess.start(["--speed", "0"])
        defer { server.stop() }
        let capture = temporaryPath("seed-loop.sse")
        defer { try? FileManager.default.removeItem(atPath: capture) }
        // The seed's front end's loop, with scripts/seed_client_loop.py's own dispatch; the lines
        // it read are kept, for the script itself to read again.
        let loop = """
            import json, sys
            import requests
            sys.path.insert(0, sys.argv[1])
            from seed_client_loop import process_stream_event
            counts = {}
            response = requests.get(sys.argv[2], params={"competitors": ["A", "B"], "focus_area": "spinal implants"}, stream=True, timeout=60)
            response.raise_for_status()
            with open(sys.argv[3], "wb") as capture:
                for line in response.iter_lines():
                    capture.write(line + b"\\n")
                    if line:
                        try:
                            if line.startswith(b"data: "):
                                process_stream_event(json.loads(line[6:]), counts)
                        except json.JSONDecodeError:
                            continue
            print(json.dumps(counts, sort_keys=True))
            """
        let scripts = Self.root.appendingPathComponent("scripts").path
        let result = try await ChildProcess.run([python, "-c", loop, scripts, "http://127.0.0.1:\(server.port)/api/analysis/stream", capture])
        #expect(result.status == 0, "\(result.stderr)")
        let counts = try JSONValue(parsing: result.stdout)

        // Every event of the run, type for type: as the server held and sent them.
        let run = try #require(try await server.runs().first)
        #expect(run["status"]?.stringValue == "completed")
        let total = counts.keys.compactMap { counts[$0]?.numberValue }.reduce(0, +)
        #expect(total == run["events"]?.numberValue)
        #expect(counts["analysis_completed"]?.numberValue == 1)
        await server.logLines { $0.contains("GET /api/analysis/stream?") }
        let metrics = try await server.metrics()
        for sample in metrics.samples(named: "streamtop_events_sent_total") {
            #expect(counts[sample.labels["type"] ?? ""]?.numberValue == sample.value, "\(sample.labels)")
        }
        #expect(metrics.samples(named: "streamtop_events_sent_total").count == counts.keys.count)

        // scripts/seed_client_loop.py itself, over the lines read, counts them all too.
        let again = try await ChildProcess.run([python, Self.root.appendingPathComponent("scripts/seed_client_loop.py").path, capture])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Double(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == total)
    }
}
