import Foundation
import JSON
import Testing

/// The stream cap, the rate limit, and requests that cannot be run.
@Suite("streamtop serve: limits and bad requests", .timeLimit(.minutes(2)))
struct LimitsTests {
    @Test("--max-streams 1: a second stream while one is open gets 503 with a JSON error and Retry-After; the slot comes back")
    func streamCap() async throws {
        let server = try await ServeProcess.start(["--max-streams", "1", "--speed", "0.05", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let first = try await server.openStream(Target.stream(["A"]))
        try #require(first.status == 200)
        try #require(try await first.read(toEvent: 1))
        let runID = try #require(first.events.first?.runID)

        for lastEventID in [nil, "\(runID):1"] {
            let refused = try await server.get(Target.stream(["B"]), lastEventID: lastEventID)
            #expect(refused.status == 503, "\(lastEventID ?? "new"): \(refused.text)")
            #expect(refused.header("Content-Type") == "application/json")
            #expect(refused.header("Retry-After").flatMap { Int($0) }.map { $0 >= 1 } == true, "\(refused.headers)")
            let error = try? refused.json()
            #expect(error?["error"]?.stringValue?.isEmpty == false, "\(refused.text)")
            #expect(error?["max_streams"]?.numberValue == 1)
        }
        let health = try await server.health()
        #expect(health["active_streams"]?.numberValue == 1)
        #expect(health["max_streams"]?.numberValue == 1)
        #expect(health["streaming_available"] == .bool(false))
        // The refused requests started no run.
        #expect(try await server.runs().count == 1)

        first.close()
        try await server.poll("/api/health", "the slot given back") { $0["active_streams"]?.numberValue == 0 }
        let third = try await server.openStream(Target.stream(["C"]))
        defer { third.close() }
        #expect(third.status == 200)
        #expect(try await third.read(toEvent: 1))
        let metrics = try await server.metrics()
        #expect(metrics.value("streamtop_stream_rejections_total", ["limit": "max_streams"]) == 2)
        #expect(metrics.value("streamtop_stream_rejections_total", ["limit": "rate_limit"]) == 0)
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "rejected"]) == 2)
        #expect(metrics.value("streamtop_streams_started_total") == 2)
    }

    @Test("--rate-limit 2/minute: the third stream request from 127.0.0.1, a reconnect among them, gets 429 with Retry-After")
    func rateLimit() async throws {
        let server = try await ServeProcess.start(["--rate-limit", "2/minute", "--speed", "0"])
        defer { server.stop() }
        let first = try await server.openStream(Target.stream(["A"]))
        defer { first.close() }
        try await first.readToEnd()
        let runID = try #require(first.events.first?.runID)
        // A reconnect counts as a stream request.
        let second = try await server.openStream(lastEventID: "\(runID):1")
        defer { second.close() }
        #expect(second.status == 200)
        try await second.readToEnd()

        for lastEventID in [nil, "\(runID):2"] {
            let refused = try await server.get(Target.stream(["A"]), lastEventID: lastEventID)
            #expect(refused.status == 429, "\(refused.text)")
            #expect(refused.header("Content-Type") == "application/json")
            let retryAfter = refused.header("Retry-After").flatMap { Int($0) }
            #expect(retryAfter.map { (1...60).contains($0) } == true, "Retry-After: \(refused.header("Retry-After") ?? "none")")
            let error = try? refused.json()
            #expect(error?["error"]?.stringValue?.isEmpty == false, "\(refused.text)")
            #expect(error?["retry_after"]?.numberValue == retryAfter.map(Double.init))
        }
        // The limit is the stream endpoint's only.
        #expect(try await server.get(Target.batch(["A"])).status == 200)
        #expect(try await server.health()["rate_limit"]?.stringValue == "2/minute")
        let metrics = try await server.metrics()
        #expect(metrics.value("streamtop_stream_rejections_total", ["limit": "rate_limit"]) == 2)
        #expect(metrics.value("streamtop_streams_started_total") == 2)
    }

    @Test("bad parameters get 400 with a JSON error naming the parameter, on the stream and both batch calls", arguments: [
        BadCase("no competitor", competitors: [], focus: "spinal implants", parameter: "competitors"),
        BadCase("an empty focus area", competitors: ["A"], focus: "", parameter: "focus_area"),
        BadCase("a blank focus area", competitors: ["A"], focus: "   ", parameter: "focus_area"),
        BadCase("a focus area of 201 characters", competitors: ["A"], focus: String(repeating: "f", count: 201), parameter: "focus_area"),
        BadCase("11 competitors", competitors: (1...11).map { "C\($0)" }, focus: "spinal implants", parameter: "competitors"),
        BadCase("a competitor named twice", competitors: ["A", "A"], focus: "spinal implants", parameter: "competitors"),
        BadCase("an empty competitor", competitors: ["A", ""], focus: "spinal implants", parameter: "competitors"),
    ])
    func badParameters(_ bad: BadCase) async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let body = JSONValue.object(JSONObject([
            ("competitors", .array(bad.competitors.map(JSONValue.string))), ("focus_area", .string(bad.focus)),
        ])).serialized()
        let answers = [
            ("GET stream", try await server.get(Target.stream(bad.competitors, focus: bad.focus))),
            ("GET batch", try await server.get(Target.batch(bad.competitors, focus: bad.focus))),
            ("POST batch", try await server.post("/api/analysis", json: body)),
        ]
        for (what, answer) in answers {
            #expect(answer.status == 400, "\(what): \(answer.status) \(answer.text)")
            #expect(answer.header("Content-Type") == "application/json", "\(what)")
            let error = try? answer.json()
            #expect(error?.keys == ["error", "parameter"], "\(what): \(answer.text)")
            #expect(error?["parameter"]?.stringValue == bad.parameter, "\(what): \(answer.text)")
            #expect(error?["error"]?.stringValue?.hasPrefix(bad.parameter) == true, "\(what): \(answer.text)")
        }
        #expect(try await server.runs().isEmpty, "no run started")
    }

    @Test("the limits themselves are allowed: 10 competitors of 100 characters, a focus area of 200 characters (not bytes)")
    func atTheLimits() async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        let competitors = (0..<10).map { String(repeating: Character(String($0)), count: 100) }
        let focus = String(repeating: "é", count: 200)
        let stream = try await server.openStream(Target.stream(competitors, focus: focus))
        defer { stream.close() }
        #expect(stream.status == 200)
        try await stream.readToEnd()
        #expect(stream.events.last?.type == "analysis_completed")
        let answer = try await server.json(Target.batch(competitors, focus: focus))
        #expect(answer["focus_area"]?.stringValue == focus)
        #expect(answer["competitors"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == competitors)
        #expect(answer["run_id"]?.stringValue == stream.events.first?.runID)
    }

    @Test("a batch body that is not the JSON asked for gets 400 naming what is wrong")
    func badBodies() async throws {
        let server = try await ServeProcess.start(["--speed", "0"])
        defer { server.stop() }
        for (body, parameter) in [
            ("not json", "body"), ("[1, 2]", "body"), (#"{"competitors": "A", "focus_area": 3}"#, "focus_area"),
            (#"{"competitors": [1]}"#, "competitors"), (#"{"competitors": {"A": 1}}"#, "competitors"), ("{}", "competitors"),
        ] {
            let answer = try await server.post("/api/analysis", json: body)
            #expect(answer.status == 400, "\(body): \(answer.text)")
            #expect((try? answer.json())?["parameter"]?.stringValue == parameter, "\(body): \(answer.text)")
        }
        // A body past 64 KiB is not read.
        let large = try await server.post("/api/analysis", json: #"{"competitors": ["A"], "focus_area": ""# + String(repeating: "x", count: 70_000) + #""}"#)
        #expect(large.status == 413)
        #expect(try await server.runs().isEmpty)
    }
}

struct BadCase: Sendable, CustomTestStringConvertible {
    let name: String
    let competitors: [String]
    let focus: String
    let parameter: String

    init(_ name: String, competitors: [String], focus: String, parameter: String) {
        self.name = name
        self.competitors = competitors
        self.focus = focus
        self.parameter = parameter
    }

    var testDescription: String { name }
}
