import Foundation
import JSON
import Testing

/// `Last-Event-ID`: a reconnect gets exactly the events after the one it names.
@Suite("streamtop serve: ids and resume", .timeLimit(.minutes(2)))
struct ResumeTests {
    @Test("a resume from <run>:<k> gets the retry hint and exactly the events k+1… of the full stream, byte for byte")
    func resumeAfterEach() async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let full = try await server.openStream(Target.stream(["A", "B", "C"]))
        defer { full.close() }
        try await full.readToEnd()
        let events = full.events
        let count = events.count
        try #require(count > 10)
        let runID = try #require(events[0].runID)

        for k in [0, 1, 2, count / 2, count - 2, count - 1] {
            // A resume names no competitors: the id says which run.
            let resumed = try await server.openStream(lastEventID: "\(runID):\(k)")
            defer { resumed.close() }
            #expect(resumed.status == 200)
            #expect(resumed.header("Content-Type") == "text/event-stream")
            try await resumed.readToEnd()
            #expect(resumed.exchange.bodyComplete)
            let expected = "retry: 3000\n\n" + events[k...].map(\.sent).joined()
            let body = String(decoding: resumed.exchange.body, as: UTF8.self)
            #expect(body == expected, "after \(k): \(resumed.events.first?.id ?? "no event")…\(resumed.events.last?.id ?? "")")
        }
        // No resume started a run of its own.
        #expect(try await server.runs().count == 1)
    }

    @Test("a resume after the last event gets 204; an unknown run 410; an id this server cannot have made 400")
    func resumeAnswers() async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let full = try await server.openStream(Target.stream(["A"]))
        defer { full.close() }
        try await full.readToEnd()
        let count = full.events.count
        let runID = try #require(full.events.first?.runID)

        let done = try await server.get("/api/analysis/stream", lastEventID: "\(runID):\(count)")
        #expect(done.status == 204)
        #expect(done.body.isEmpty)
        #expect(done.header("Content-Type") != "text/event-stream")
        // A cross-origin EventSource takes a 204 without it for a network error, and reconnects.
        #expect(done.header("Access-Control-Allow-Origin") == "*")

        let otherRun = runID == "000000000001" ? "000000000002" : "000000000001"
        let unknown = try await server.get("/api/analysis/stream", lastEventID: "\(otherRun):3")
        #expect(unknown.status == 410)
        #expect(unknown.header("Content-Type") == "application/json")
        #expect(unknown.header("Access-Control-Allow-Origin") == "*")
        #expect(try unknown.json()["error"]?.stringValue?.contains(otherRun) == true, "\(unknown.text)")

        for malformed in ["garbage", runID, "\(runID):", "\(runID):x", "\(runID):-1", "\(runID):1:2", "\(runID):\(count + 1)"] {
            let answer = try await server.get("/api/analysis/stream", lastEventID: malformed)
            #expect(answer.status == 400, "\(malformed): \(answer.status) \(answer.text)")
            #expect(answer.header("Content-Type") == "application/json")
            let error = try? answer.json()
            #expect(error?["parameter"]?.stringValue == "Last-Event-ID", "\(malformed): \(answer.text)")
            #expect(error?["error"]?.stringValue?.isEmpty == false)
        }
        #expect(try await server.runs().count == 1)
    }

    @Test("a client that breaks off a run still going resumes it: every event once, in order, to the end")
    func resumeWhileRunning() async throws {
        // About 6 s a run: it is still going when the client comes back.
        let server = try await ServeProcess.start(["--speed", "10", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let first = try await server.openStream(Target.stream(["A", "B"]))
        try #require(try await first.read(toEvent: 3))
        first.close()
        let kept = first.events
        let last = try #require(kept.last?.number)
        let runID = try #require(kept.first?.runID)
        #expect(kept.map(\.number) == Array(1...last))
        #expect(try await server.runs().first?["status"]?.stringValue == "running")

        let second = try await server.openStream(lastEventID: "\(runID):\(last)")
        defer { second.close() }
        #expect(second.status == 200)
        try await second.readToEnd()
        let resumed = second.events
        #expect(resumed.first?.number == last + 1)
        #expect(resumed.last?.type == "analysis_completed")
        let all = kept + resumed
        #expect(all.map(\.number) == Array(1...all.count), "nothing lost, nothing repeated")
        #expect(all.allSatisfy { $0.runID == runID })

        // The whole run, read again from its start once it ended, is the same events.
        let again = try await server.openStream(lastEventID: "\(runID):0")
        defer { again.close() }
        try await again.readToEnd()
        #expect(again.events.map(\.text) == all.map(\.text))
        #expect(try await server.runs().count == 1)
    }

    @Test("a run ended longer ago than --hold is let go: its resume gets 410, and a batch call runs the analysis anew")
    func holdExpires() async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--hold", "0.3", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["A"]))
        defer { stream.close() }
        try await stream.readToEnd()
        let runID = try #require(stream.events.first?.runID)
        // No event says a run was let go: poll, with a bound.
        try await server.poll("/api/runs", "the run let go") { $0.arrayValue?.isEmpty == true }
        #expect(try await server.health()["runs_held"]?.numberValue == 0)
        let gone = try await server.get("/api/analysis/stream", lastEventID: "\(runID):1")
        #expect(gone.status == 410, "\(gone.text)")
        #expect((try? gone.json())?["error"]?.stringValue?.contains(runID) == true)
        let answer = try await server.json(Target.batch(["A"]))
        #expect(answer["status"]?.stringValue == "completed")
        #expect(answer["run_id"]?.stringValue != runID)
    }
}
