import Analysis
import Feeds
import Foundation
import JSON
import Live
import Testing
import TestSupport

/// Runs on a real LangGraph Server (`langgraph dev`, started once for the test process) with the
/// graphs in `langgraph/`: the seed's pipeline (`analysis`) and a small graph with a fan-out, a
/// fake chat model and an interrupt (`chat`).
@Suite("LangGraph Server runs", .serialized)
struct LangGraphTests {
    private static func server() async throws -> LangGraphServer {
        try await LangGraphServer.shared.value
    }

    private static func options(_ server: LangGraphServer, _ target: LangGraphOptions.Target) throws -> LangGraphOptions {
        var options = LangGraphOptions(server: try StreamRequest(url: server.url), target: target)
        options.environment = [:]
        options.sleep = { _ in }
        return options
    }

    private static func analysisInput(_ competitors: [String]) -> JSONValue {
        .object(JSONObject([
            ("competitors", .array(competitors.map(JSONValue.string))), ("focus_area", .string("spinal implants")),
        ]))
    }

    @Test("a started run: the seed's envelopes are reduced, node tasks become stages, and the server's answer ends it")
    func startedRun() async throws {
        let server = try await Self.server()
        var options = try Self.options(server, .start(assistant: "analysis", thread: nil))
        options.input = Self.analysisInput(["Acme", "Globex"])
        let record = try await run(LangGraphFeed(options))
        let state = record.state
        #expect(record.end == .finished)
        #expect(record.last == .completed)
        #expect(state.run?.status == .success)
        #expect(state.run?.threadID != nil && state.run?.runID != nil)
        #expect(state.run?.graphID == "analysis")
        #expect(state.isCompleted)
        #expect(state.competitors.map(\.name) == ["Acme", "Globex"])
        // One research task per competitor (a Send each), each its own row.
        let research = state.stages.filter { $0.name == "research_competitor" && $0.taskID != nil }
        #expect(research.count == 2)
        #expect(research.allSatisfy { $0.status == .done })
        #expect(state.stages.contains { $0.name == "synthesize_report" && $0.status == .done })
    }

    @Test("the assistant's graph is handed out before the run's events, as the server draws it")
    func assistantGraph() async throws {
        let server = try await Self.server()
        var options = try Self.options(server, .start(assistant: "chat", thread: nil))
        options.input = .object(JSONObject([("topic", .string("spine"))]))
        let record = try await run(LangGraphFeed(options))
        let shape = try #require(record.pipelines.first)
        #expect(record.pipelines.count == 1)
        #expect(shape.source == .server)
        #expect(shape.nodes == ["__start__", "worker", "summarize", "confirm", "__end__"])
        #expect(shape.edges.contains(PipelineShape.Edge(source: "worker", target: "summarize")))
        #expect(shape.edges.contains(PipelineShape.Edge(source: "confirm", target: "__end__")))
        #expect(Set(record.state.stages.map(\.name)).isSubset(of: Set(shape.nodes)))
    }

    @Test("a failing node: its stage fails with the error, and the run ends as an error")
    func nodeError() async throws {
        let server = try await Self.server()
        var options = try Self.options(server, .start(assistant: "analysis", thread: nil))
        options.input = Self.analysisInput(["Acme"])
        options.config = .object(JSONObject([("configurable", .object(JSONObject([("fail_node", .string("analyze_findings"))])))]))
        let record = try await run(LangGraphFeed(options))
        #expect(record.state.run?.status == .error)
        #expect(!record.state.isCompleted)
        #expect(record.state.stages.contains { $0.name == "analyze_findings" && $0.status == .failed && $0.error != nil })
        #expect(record.state.errors.items.contains { $0.message.contains("Simulated failure in analyze_findings") })
        guard case .failed(let reason) = record.end else {
            Issue.record("the feed should end failed, not \(String(describing: record.end))")
            return
        }
        #expect(reason.contains("RuntimeError"))
    }

    @Test("an interrupt: the run waits, says what it asks, and --resume on its thread finishes it")
    func interruptThenResume() async throws {
        let server = try await Self.server()
        var options = try Self.options(server, .start(assistant: "chat", thread: nil))
        options.input = .object(JSONObject([("topic", .string("spine"))]))
        let first = try await run(LangGraphFeed(options))
        #expect(first.state.run?.status == .interrupted)
        #expect(first.state.run?.interrupts.first?.value.contains("Publish the summary?") == true)
        #expect(first.end == .finished)
        guard case .needsInput(let asks) = first.last else {
            Issue.record("the last state should be needsInput, not \(String(describing: first.last))")
            return
        }
        #expect(asks.contains("Publish the summary?"))
        #expect(!first.state.messages.isEmpty)
        let thread = try #require(first.state.run?.threadID)

        var resumed = try Self.options(server, .start(assistant: "chat", thread: thread))
        resumed.resume = .string("yes")
        let second = try await run(LangGraphFeed(resumed))
        #expect(second.state.run?.status == .success)
        #expect(second.last == .completed)
        let (status, body) = try await server.request("GET", "/threads/\(thread)")
        #expect(status == 200)
        #expect(body.contains("\"status\":\"idle\""))
    }

    @Test("a resume for a thread that waits on nothing is refused before anything is sent")
    func resumeWithoutInterrupt() async throws {
        let server = try await Self.server()
        let (_, made) = try await server.request("POST", "/threads", json: "{}")
        let thread = try #require(try JSONValue(parsing: made)["thread_id"]?.stringValue)
        var options = try Self.options(server, .start(assistant: "chat", thread: thread))
        options.resume = .string("yes")
        let record = try await run(LangGraphFeed(options))
        guard case .failed(let reason) = record.end else {
            Issue.record("the feed should fail, not \(String(describing: record.end))")
            return
        }
        #expect(reason.contains("waits on no interrupt"))
        let (_, runs) = try await server.request("GET", "/threads/\(thread)/runs")
        #expect(runs == "[]")
        let (_, state) = try await server.request("GET", "/threads/\(thread)")
        #expect(state.contains("\"status\":\"idle\""))
    }

    @Test("a bad assistant is refused with the server's reason")
    func badAssistant() async throws {
        let server = try await Self.server()
        let options = try Self.options(server, .start(assistant: "no-such-graph", thread: nil))
        let record = try await run(LangGraphFeed(options))
        guard case .failed(let reason) = record.end else {
            Issue.record("the feed should fail, not \(String(describing: record.end))")
            return
        }
        #expect(reason.contains("no assistant \"no-such-graph\""))
        #expect(reason.contains("not found"))
        #expect(record.items.isEmpty)
    }

    @Test("a stateless run: its end comes from the stream itself")
    func stateless() async throws {
        let server = try await Self.server()
        var options = try Self.options(server, .stateless(assistant: "analysis"))
        options.input = Self.analysisInput(["Acme"])
        let record = try await run(LangGraphFeed(options))
        #expect(record.state.run?.status == .success)
        #expect(record.state.run?.threadID == nil)
        #expect(record.end == .finished)
        #expect(record.state.competitors.map(\.name) == ["Acme"])
    }

    @Test("joining a run from its start gives every event the run streamed")
    func joinFromStart() async throws {
        let server = try await Self.server()
        var options = try Self.options(server, .start(assistant: "analysis", thread: nil))
        options.input = Self.analysisInput(["Acme", "Globex"])
        let started = try await run(LangGraphFeed(options))
        let thread = try #require(started.state.run?.threadID)
        let runID = try #require(started.state.run?.runID)
        let joined = try await run(LangGraphFeed(try Self.options(server, .join(thread: thread, run: runID, live: false))))
        #expect(joined.state.run?.status == .success)
        // The same events (the run's own, not streamtop's end-of-run event) in the same order.
        let streamed = { (record: FeedRecord) in record.items.compactMap(\.wire).filter { $0.type != "streamtop_run" }.map(\.data) }
        #expect(streamed(joined) == streamed(started))
        #expect(joined.state.competitors.map(\.name) == ["Acme", "Globex"])
    }
}

/// `streamtop connect --langgraph`, run as a user runs it.
@Suite("streamtop connect --langgraph", .serialized)
struct LangGraphCommandTests {
    @Test("a run's summary names the run; an interrupt says how to answer; --resume finishes it; the API key never shows")
    func summaryInterruptAndResume() async throws {
        let server = try await LangGraphServer.shared.value
        let key = "lg-secret-\(UUID().uuidString)"
        let environment = ["LANGGRAPH_API_KEY": key]
        let first = try await ChildProcess.streamtop(
            ["connect", "--langgraph", server.url, "--assistant", "chat", "--input", #"{"topic": "spine"}"#, "--summary", "json"],
            environment: environment
        )
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("streamtop: interrupted: needs input — it asks {\"question\":\"Publish the summary?\"}"))
        let summary = try JSONValue(parsing: first.stdout)
        #expect(summary["run"]?["status"]?.stringValue == "interrupted")
        #expect(summary["completed"] == .bool(false))
        let thread = try #require(summary["run"]?["thread_id"]?.stringValue)
        #expect(first.stderr.contains("--thread \(thread) --resume JSON"))

        let resumed = try await ChildProcess.streamtop(
            ["connect", "--langgraph", server.url, "--assistant", "chat", "--thread", thread, "--resume", #""yes""#, "--ui", "plain"],
            environment: environment
        )
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("run status success"))
        #expect(resumed.stderr.contains("streamtop: completed"))
        for output in [first.stdout, first.stderr, resumed.stdout, resumed.stderr] { #expect(!output.contains(key)) }
    }

    @Test("a failing run exits 1 with the error; a bad assistant exits 1 before anything starts")
    func failures() async throws {
        let server = try await LangGraphServer.shared.value
        let failing = try await ChildProcess.streamtop([
            "connect", "--langgraph", server.url, "--assistant", "analysis", "--competitor", "Acme", "--focus-area", "spine",
            "--config", #"{"configurable": {"fail_node": "analyze_findings"}}"#, "--summary", "json",
        ])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("the run failed: RuntimeError: Simulated failure in analyze_findings"))
        #expect(try JSONValue(parsing: failing.stdout)["run"]?["status"]?.stringValue == "error")
        let bad = try await ChildProcess.streamtop(["connect", "--langgraph", server.url, "--assistant", "nope", "--ui", "plain"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("no assistant \"nope\""))
        #expect(bad.stdout.isEmpty)
    }

    @Test("options that do not go together are refused before anything is sent")
    func usage() async throws {
        for arguments in [
            ["connect", "--langgraph", "http://127.0.0.1:9"],
            ["connect", "--langgraph", "http://127.0.0.1:9", "--assistant", "a", "--resume", "1"],
            ["connect", "--langgraph", "http://127.0.0.1:9", "--assistant", "a", "--stateless", "--thread", "t"],
            ["connect", "--langgraph", "http://127.0.0.1:9", "--join", "no-slash"],
            ["connect", "--langgraph", "http://127.0.0.1:9", "--assistant", "a", "--input", "{not json"],
            ["connect", "http://127.0.0.1:9/stream", "--assistant", "a"],
        ] {
            let result = try await ChildProcess.streamtop(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
    }
}

/// The rejoin rules against a scripted server: the in-memory server's ids are `<ms>-0`, shared
/// by the events of one millisecond, and it resumes with the events whose id is greater.
@Suite("LangGraph rejoin")
struct LangGraphRejoinTests {
    private static func event(_ name: String, _ data: String, id: String) -> String {
        "event: \(name)\r\ndata: \(data)\r\nid: \(id)\r\n\r\n"
    }

    @Test("a bad assistant stops the feed before a thread is made, so none is left behind")
    func badAssistantMakesNoThread() async throws {
        let server = try await TestServer { _, _ in
            .init(status: .notFound, headers: [("Content-Type", "application/json")], steps: [.send(#"{"detail":"Graph 'nope' not found."}"#)])
        }
        defer { server.stop() }
        var options = LangGraphOptions(server: try StreamRequest(url: server.baseURL), target: .start(assistant: "nope", thread: nil))
        options.environment = [:]
        let record = try await run(LangGraphFeed(options))
        #expect(server.log.value.requests.map(\.path) == ["/assistants/search"])
        #expect(record.end == .failed(#"no assistant "nope" on 127.0.0.1:\#(server.port) (HTTP 404 Not Found: Graph 'nope' not found.); nothing was started"#))
    }

    @Test("a drop inside a group of events that share an id loses nothing and doubles nothing")
    func dropInsideIDGroup() async throws {
        let json: [(String, String)] = [("Content-Type", "application/json")]
        let location = "/threads/t1/runs/r1/stream"
        let metadata = Self.event("metadata", #"{"run_id":"r1","attempt":1}"#, id: "1-0")
        let first = Self.event("custom", #"{"type":"stage_started","data":{"stage":"plan"}}"#, id: "1-0")
        let second = Self.event("custom", #"{"type":"stage_started","data":{"stage":"research"}}"#, id: "2-0")
        let third = Self.event("custom", #"{"type":"stage_started","data":{"stage":"analyze"}}"#, id: "2-0")
        let fourth = Self.event("custom", #"{"type":"stage_started","data":{"stage":"report"}}"#, id: "3-0")
        let server = try await TestServer { _, index in
            switch index {
            case 0: .init(headers: json, steps: [.send(#"[{"assistant_id":"a1","graph_id":"g"}]"#)])
            case 1: .init(headers: json, steps: [.send(#"{"thread_id":"t1"}"#)])
            // The assistant's graph: a server that cannot draw it does not stop the run.
            case 2: .init(status: .notFound, headers: json, steps: [.send(#"{"detail":"no graph"}"#)])
            case 3: .init(headers: [("Content-Type", "text/event-stream"), ("Location", location)], steps: [.send(metadata + first + second), .drop])
            // As the server does: everything after the id asked from, the whole group again.
            case 4: .init(headers: [("Content-Type", "text/event-stream"), ("Location", location)], steps: [.send(second + third + fourth)])
            case 5: .init(headers: json, steps: [.send(#"{"run_id":"r1","status":"success"}"#)])
            default: .init(headers: json, steps: [.send(#"{"thread_id":"t1","status":"idle","interrupts":{},"metadata":{"graph_id":"g"}}"#)])
            }
        }
        defer { server.stop() }
        var options = LangGraphOptions(server: try StreamRequest(url: server.baseURL), target: .start(assistant: "g", thread: nil))
        options.environment = [:]
        options.sleep = { _ in }
        options.apiKey = "the-key"
        let record = try await run(LangGraphFeed(options))
        let requests = server.log.value.requests
        // The key goes with every call, as the SDK sends it.
        #expect(requests.allSatisfy { $0.headers.first(name: "x-api-key") == "the-key" })
        #expect(requests.map(\.path) == [
            "/assistants/search", "/threads", "/assistants/g/graph", "/threads/t1/runs/stream", location, "/threads/t1/runs/r1", "/threads/t1",
        ])
        // Asked from before the group the drop cut, not from its id.
        #expect(requests[4].headers.first(name: "Last-Event-ID") == "1-0")
        let stages = record.items.compactMap { item -> String? in
            if case .stageStarted = item.event.kind { item.event.stage } else { nil }
        }
        #expect(stages == ["plan", "research", "analyze", "report"])
        #expect(record.state.run?.status == .success)
        #expect(record.end == .finished)
        #expect(record.pipelines.isEmpty)
    }
}
