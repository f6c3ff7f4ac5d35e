import Foundation
import JSON
import Testing

/// The stream as the seed's clients read it, byte for byte, over a real socket.
@Suite("streamtop serve: the stream's framing", .timeLimit(.minutes(2)))
struct StreamFramingTests {
    @Test("the retry hint first, then id: <run>:<n> and data: <envelope> per event, each ending with a blank line; the seed's headers")
    func framing() async throws {
        let server = try await ServeProcess.start(["--speed", "0"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["Medtronic", "Globus Medical"]))
        defer { stream.close() }
        #expect(stream.status == 200)
        #expect(stream.header("Content-Type") == "text/event-stream")
        #expect(stream.header("Cache-Control") == "no-cache")
        #expect(stream.header("Access-Control-Allow-Origin") == "*")
        #expect(stream.header("Transfer-Encoding")?.lowercased() == "chunked")
        let frames = try await stream.readToEnd()
        #expect(stream.exchange.bodyComplete, "the body ends with the chunked terminator")
        #expect(stream.exchange.wire.suffix(5) == Array("0\r\n\r\n".utf8))

        try #require(frames.count > 10, "\(frames.count) frames")
        #expect(frames[0].text == "retry: 3000")
        let events = Array(frames.dropFirst())
        let runID = try #require(events[0].runID)
        #expect(runID.count == 12 && runID.allSatisfy { $0.isHexDigit }, "\(runID)")

        // Rebuilt from the data alone, the body is the same bytes: nothing else on the wire (no
        // event: line, no comment, no heartbeat on this quick run), one data: line per event.
        let body = String(decoding: stream.exchange.body, as: UTF8.self)
        let rebuilt = "retry: 3000\n\n" + events.enumerated().map { "id: \(runID):\($0.offset + 1)\ndata: \($0.element.data ?? "")\n\n" }.joined()
        #expect(body == rebuilt)

        let sessionID = events[0].envelope?["metadata"]?["session_id"]?.stringValue
        let requestID = events[0].envelope?["metadata"]?["request_id"]?.stringValue
        #expect(sessionID?.count == 36 && requestID?.count == 36 && sessionID != requestID)
        let timestamp = #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/#
        for event in events {
            let envelope = try #require(event.envelope, "not JSON: \(event.text)")
            #expect(envelope.keys == ["type", "timestamp", "data", "metadata"], "\(event.text)")
            #expect(envelope["metadata"]?.keys == ["session_id", "request_id"])
            #expect(envelope["metadata"]?["session_id"]?.stringValue == sessionID)
            #expect(envelope["metadata"]?["request_id"]?.stringValue == requestID)
            #expect((envelope["timestamp"]?.stringValue).map { (try? timestamp.wholeMatch(in: $0)) != nil } == true, "\(event.text)")
            #expect(envelope["data"]?.isObject == true)
        }

        // The end: the whole run's progress, complete, then the completion with the report.
        let types = events.map { $0.type ?? "" }
        #expect(types.first == "stage_started")
        #expect(types.filter { $0 == "analysis_completed" }.count == 1)
        let completing = try #require(events.dropLast().last?.envelope)
        #expect(completing["type"]?.stringValue == "progress_update")
        #expect(completing["data"]?["stage"]?.stringValue == "complete")
        #expect(completing["data"]?["progress"]?.numberValue == 1)
        let completed = try #require(events.last?.envelope)
        #expect(completed["type"]?.stringValue == "analysis_completed")
        #expect(completed["data"]?["report"]?["competitors"]?.keys == ["Medtronic", "Globus Medical"])
        #expect(completed["data"]?["summary"]?.stringValue?.isEmpty == false)
        #expect(events.dropLast(2).allSatisfy { $0.envelope?["data"]?["stage"]?.stringValue != "complete" })

        // The run as the server lists it.
        let runs = try await server.runs()
        #expect(runs.count == 1)
        #expect(runs.first?["id"]?.stringValue == runID)
        #expect(runs.first?["competitors"] == .array([.string("Medtronic"), .string("Globus Medical")]))
        #expect(runs.first?["focus_area"]?.stringValue == "spinal implants")
        #expect(runs.first?["status"]?.stringValue == "completed")
        #expect(runs.first?["events"]?.numberValue == Double(events.count))
        #expect(runs.first?["started"]?.stringValue.map { (try? timestamp.wholeMatch(in: $0)) != nil } == true)
    }

    @Test("heartbeats come on their own clock, carry no id: and leave the run's numbering without a gap")
    func heartbeats() async throws {
        // About 3 s a run: every 0.2 s a heartbeat falls between two of its events.
        let server = try await ServeProcess.start(["--speed", "20", "--heartbeat", "0.2"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["A", "B"]))
        defer { stream.close() }
        let frames = try await stream.readToEnd()
        #expect(frames.last?.type == "analysis_completed")
        let heartbeats = frames.filter(\.isHeartbeat)
        try #require(!heartbeats.isEmpty, "no heartbeat in \(frames.count) frames")
        let sessionID = frames.first { $0.id != nil }?.envelope?["metadata"]?["session_id"]
        for heartbeat in heartbeats {
            #expect(heartbeat.id == nil, "\(heartbeat.text)")
            #expect(heartbeat.text.hasPrefix("data: "), "\(heartbeat.text)")
            #expect(heartbeat.envelope?.keys == ["type", "timestamp", "data", "metadata"])
            #expect(heartbeat.envelope?["data"] == .object(JSONObject()))
            #expect(heartbeat.envelope?["metadata"]?["session_id"] == sessionID)
        }
        // Every frame but the first (retry) and the heartbeats is numbered 1, 2, 3, … in order.
        let numbered = frames.dropFirst().filter { !$0.isHeartbeat }
        #expect(numbered.allSatisfy { $0.id != nil })
        #expect(numbered.map { $0.number ?? -1 } == Array(1...numbered.count))
        // Some heartbeat came in the middle of the run, between two numbered events.
        let positions = frames.indices.filter { frames[$0].isHeartbeat }
        let firstEvent = try #require(frames.firstIndex { $0.id != nil })
        let lastEvent = try #require(frames.lastIndex { $0.id != nil })
        #expect(positions.contains { $0 > firstEvent && $0 < lastEvent }, "heartbeats at \(positions), events \(firstEvent)…\(lastEvent)")
        // /api/runs counts the run's events only.
        #expect(try await server.runs().first?["events"]?.numberValue == Double(numbered.count))
        // Once the stream's log line is written its heartbeats are all counted.
        await server.logLines { $0.contains("/api/analysis/stream") }
        let metrics = try await server.metrics()
        #expect(metrics.value("streamtop_heartbeats_sent_total") == Double(heartbeats.count))
    }
}
