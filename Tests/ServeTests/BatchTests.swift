import Analysis
import Foundation
import JSON
import OutputFormats
import Testing

/// The batch fallback answers what the stream ends in; runs of the same analysis are the same.
@Suite("streamtop serve: the batch answer and determinism", .timeLimit(.minutes(2)))
struct BatchTests {
    @Test("GET and POST /api/analysis answer the state the streamed events fold into, with the stream's run and ids")
    func batchEqualsStreamedState() async throws {
        let server = try await ServeProcess.start(["--speed", "0"])
        defer { server.stop() }
        let competitors = ["Medtronic", "Stryker", "NuVasive"]
        let stream = try await server.openStream(Target.stream(competitors, focus: "robotic spine surgery"))
        defer { stream.close() }
        try await stream.readToEnd()
        let runID = try #require(stream.events.first?.runID)

        // The stream as a client reads it: the project's parser and decoder, folded by the reducer.
        let decoded = stream.decodedEvents()
        #expect(decoded.count == stream.events.count)
        #expect(decoded.allSatisfy { $0.problems.isEmpty }, "\(decoded.flatMap(\.problems))")
        var state = AnalysisState()
        for event in decoded { state.reduce(event) }
        #expect(state.isCompleted)
        #expect(state.competitors.map(\.name) == competitors)

        let response = try await server.get(Target.batch(competitors, focus: "robotic spine surgery"))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        let answer = try response.json()
        #expect(answer["run_id"]?.stringValue == runID, "the batch call reused the run that streamed")
        #expect(answer["session_id"]?.stringValue == state.session.id)
        #expect(answer["request_id"]?.stringValue == state.session.requestID)
        #expect(answer["status"]?.stringValue == "completed")
        #expect(answer["focus_area"]?.stringValue == "robotic spine surgery")
        #expect(answer["competitors"] == state.competitorsDocument)
        #expect(answer["insights"] == .array(state.insights.items.map(\.envelope)))
        #expect(answer["insights"]?.arrayValue?.isEmpty == false)
        #expect(answer["research_results_count"]?.numberValue == Double(state.sources.total))
        #expect(state.sources.total > 0)
        #expect(answer["report"] == state.report)
        #expect(answer["report"]?.isObject == true)
        #expect(answer["summary"]?.stringValue == state.summary)
        #expect(answer["events"]?.numberValue == Double(stream.events.count))
        #expect(answer["error"] == .null)

        // POST with a JSON body asks the same: the same run, the same answer.
        let body = #"{"competitors": ["Medtronic", "Stryker", "NuVasive"], "focus_area": "robotic spine surgery"}"#
        let posted = try await server.post("/api/analysis", json: body)
        #expect(posted.status == 200)
        #expect(try posted.json() == answer)
        #expect(try await server.runs().count == 1)
    }

    @Test("a batch call with no stream before it runs the analysis itself: the answer a stream of it folds into")
    func batchOfItsOwn() async throws {
        let server = try await ServeProcess.start(["--speed", "0"])
        defer { server.stop() }
        let posted = try await server.post("/api/analysis", json: #"{"competitors": ["Zimmer", "Globus"], "focus_area": "disc replacement"}"#)
        #expect(posted.status == 200, "\(posted.text)")
        let answer = try posted.json()
        #expect(answer["status"]?.stringValue == "completed")
        let runs = try await server.runs()
        #expect(runs.count == 1)
        #expect(runs.first?["id"] == answer["run_id"])
        #expect(runs.first?["competitors"] == .array([.string("Zimmer"), .string("Globus")]))

        // A stream always runs anew; with the same seed its events fold into the same state.
        let stream = try await server.openStream(Target.stream(["Zimmer", "Globus"], focus: "disc replacement"))
        defer { stream.close() }
        try await stream.readToEnd()
        #expect(stream.events.first?.runID != answer["run_id"]?.stringValue)
        var state = AnalysisState()
        for event in stream.decodedEvents() { state.reduce(event) }
        #expect(answer["competitors"] == state.competitorsDocument)
        #expect(answer["insights"] == .array(state.insights.items.map(\.envelope)))
        #expect(answer["research_results_count"]?.numberValue == Double(state.sources.total))
        #expect(answer["report"] == state.report)
        #expect(answer["events"]?.numberValue == Double(stream.events.count))
    }

    @Test("a batch call while a stream of the same analysis runs waits for its end and answers that run")
    func batchDuringStream() async throws {
        // About 3 s a run.
        let server = try await ServeProcess.start(["--speed", "20"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["A", "B"]))
        defer { stream.close() }
        try #require(try await stream.read(toEvent: 1))
        let runID = try #require(stream.events.first?.runID)
        async let batch = server.get(Target.batch(["A", "B"]))
        try await stream.readToEnd()
        let response = try await batch
        #expect(response.status == 200, "\(response.text)")
        let answer = try response.json()
        #expect(answer["run_id"]?.stringValue == runID)
        #expect(answer["status"]?.stringValue == "completed")
        #expect(answer["events"]?.numberValue == Double(stream.events.count))
        var state = AnalysisState()
        for event in stream.decodedEvents() { state.reduce(event) }
        #expect(answer["competitors"] == state.competitorsDocument)
        #expect(answer["research_results_count"]?.numberValue == Double(state.sources.total))
        #expect(try await server.runs().count == 1)
    }

    @Test("a query as HTML forms and Python's requests write it, '+' for a space, names the same analysis")
    func plusIsASpace() async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--rate-limit", "1000/minute"])
        defer { server.stop() }
        // requests.get(url, params={"competitors": ["Globus Medical"], "focus_area": "spinal implants"}) sends this.
        let batch = try await server.json("/api/analysis?competitors=Globus+Medical&competitors=A%2BB&focus_area=spinal+implants")
        #expect(batch["focus_area"]?.stringValue == "spinal implants")
        #expect(batch["competitors"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Globus Medical", "A+B"])
        let stream = try await server.openStream("/api/analysis/stream?competitors=Globus+Medical&focus_area=spinal+implants")
        defer { stream.close() }
        try await stream.readToEnd()
        let report = stream.events.last?.envelope?["data"]?["report"]
        #expect(report?["focus_area"]?.stringValue == "spinal implants")
        #expect(report?["competitors"]?.keys == ["Globus Medical"])
    }

    @Test("the same competitors, focus area and --seed give the same events, on one server or another; another seed, others")
    func determinism() async throws {
        async let first = Self.runs(seed: 7, count: 2)
        async let second = Self.runs(seed: 7, count: 1)
        async let other = Self.runs(seed: 8, count: 1)
        let (sameServer, sameSeed, otherSeed) = try await (first, second, other)
        try #require(sameServer.count == 2 && sameSeed.count == 1 && otherSeed.count == 1)
        #expect(sameServer[0].count > 10)
        #expect(sameServer[0] == sameServer[1], "two runs on one server")
        #expect(sameServer[0] == sameSeed[0], "one seed on two servers")
        #expect(sameServer[0] != otherSeed[0], "another seed")
    }

    /// `count` streams of one analysis on a server of its own with `seed`: each stream's events
    /// without what differs by design (ids, session and request ids, timestamps): their types and data.
    private static func runs(seed: Int, count: Int) async throws -> [[JSONValue]] {
        let server = try await ServeProcess.start(["--speed", "0", "--seed", String(seed), "--fail-rate", "0.3"])
        defer { server.stop() }
        var runs: [[JSONValue]] = []
        var ids: Set<String> = []
        for _ in 0..<count {
            let stream = try await server.openStream(Target.stream(["A", "B", "C"], focus: "cervical fusion"))
            defer { stream.close() }
            try await stream.readToEnd()
            ids.insert(stream.events.first?.runID ?? "")
            ids.insert(stream.events.first?.envelope?["metadata"]?["session_id"]?.stringValue ?? "")
            runs.append(stream.events.map { event in
                .array([event.envelope?["type"] ?? .null, event.envelope?["data"] ?? .null])
            })
        }
        #expect(ids.count == 2 * count, "each run has its own id and session id")
        return runs
    }
}
