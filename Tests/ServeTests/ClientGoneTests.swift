import Foundation
import JSON
import Testing

/// A client that goes is noticed; a run that no one watches is cancelled after its grace.
@Suite("streamtop serve: clients that go", .timeLimit(.minutes(2)))
struct ClientGoneTests {
    @Test("a client that closes its socket is noticed: active_streams drops to 0, the stream ends as client_gone")
    func clientGone() async throws {
        // A slow run (its second event comes some 7 s in): the stream is open with nothing to write.
        let server = try await ServeProcess.start(["--speed", "0.05"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["A"]))
        try #require(try await stream.read(toEvent: 1))
        let open = try await server.health()
        #expect(open["active_streams"]?.numberValue == 1)
        #expect(open["max_streams"]?.numberValue == 10)
        #expect(open["streaming_available"] == .bool(true))
        #expect(try await server.metrics().value("streamtop_active_streams") == 1)
        #expect(try await server.runs().first?["watchers"]?.numberValue == 1)

        stream.close()
        // No event tells the test that the server noticed: poll, with a bound.
        try await server.poll("/api/health", "active_streams back to 0") { $0["active_streams"]?.numberValue == 0 }
        let metrics = try await server.metrics()
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "client_gone"]) == 1)
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "completed"]) == 0)
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "error"]) == 0)
        #expect(metrics.value("streamtop_streams_started_total") == 1)
        #expect(metrics.value("streamtop_active_streams") == 0)
        // The run itself goes on, unwatched, for its grace (30 s by default).
        let run = try #require(try await server.runs().first)
        #expect(run["status"]?.stringValue == "running")
        #expect(run["watchers"]?.numberValue == 0)
    }

    @Test("a run no one watches is cancelled after --grace; a resume gets the events after its id, then an error run_cancelled")
    func unwatchedRunCancelled() async throws {
        let server = try await ServeProcess.start(["--speed", "1", "--grace", "0.5", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["A", "B"]))
        // Event 4 is paced to come more than a second in: a run watched is not cancelled at its grace.
        try #require(try await stream.read(toEvent: 4))
        stream.close()
        let runID = try #require(stream.events.first?.runID)
        #expect(stream.events.map(\.number) == Array(1...stream.events.count))
        let sessionID = stream.events.first?.envelope?["metadata"]?["session_id"]

        let runs = try await server.poll("/api/runs", "the run cancelled") { $0.arrayValue?.first?["status"]?.stringValue == "cancelled" }
        let held = try #require(runs.arrayValue?.first?["events"]?.numberValue.map { Int($0) })
        #expect(held >= 4)
        #expect(runs.arrayValue?.first?["id"]?.stringValue == runID)
        #expect(try await server.health()["runs_running"]?.numberValue == 0)

        // Resumed from its second event: the events held after it, then why it stopped.
        let resumed = try await server.openStream(lastEventID: "\(runID):2")
        defer { resumed.close() }
        #expect(resumed.status == 200)
        let frames = try await resumed.readToEnd()
        #expect(resumed.exchange.bodyComplete)
        #expect(frames.first?.text == "retry: 3000")
        #expect(resumed.events.map(\.number) == Array(3...held))
        #expect(Array(resumed.events.prefix(2)).map(\.text) == Array(stream.events[2...3]).map(\.text))
        #expect(frames.count == 1 + (held - 2) + 1, "\(frames.map(\.text))")
        let final = try #require(frames.last)
        #expect(final.id == nil, "the final error is not one of the run's events")
        #expect(final.type == "error")
        #expect(final.envelope?["data"]?["error_type"]?.stringValue == "run_cancelled")
        #expect(final.envelope?["data"]?["error"]?.stringValue?.isEmpty == false)
        #expect(final.envelope?["metadata"]?["session_id"] == sessionID)

        // Resumed after its last event: nothing more to send but why it stopped.
        let atEnd = try await server.openStream(lastEventID: "\(runID):\(held)")
        defer { atEnd.close() }
        #expect(atEnd.status == 200)
        let endFrames = try await atEnd.readToEnd()
        #expect(endFrames.map(\.text).first == "retry: 3000")
        #expect(endFrames.count == 2)
        #expect(endFrames.last?.envelope?["data"]?["error_type"]?.stringValue == "run_cancelled")
    }
}
