import Analysis
import JSON
import OutputFormats
import Testing
import TestSupport

private func members(_ value: JSONValue?) -> [String] {
    if case .object(let object)? = value { return object.members.map(\.key) }
    return []
}

private func graphEvent(_ name: String, _ part: GraphEvent.Part, at seconds: Double = 3723) -> AnalysisEvent {
    AnalysisEvent(.graph(GraphEvent(name: name, part: part)), timestamp: Timestamp(seconds: seconds))
}

@Suite("LangGraph in the outputs")
struct GraphOutputTests {
    static let seedMembers = [
        "session_id", "request_id", "sessions", "completed", "completion", "progress", "events", "first_event_at",
        "last_event_at", "last_heartbeat_at", "stages", "stages_dropped", "competitors", "competitors_dropped", "sources", "insights_total", "insights_dropped",
        "insights", "errors_total", "errors", "diagnostics_total", "diagnostics", "notices", "summary",
    ]

    @Test("--summary json of a LangGraph run: the run, its interrupts and messages after the summary; task stages with their ids")
    func summaryOfRun() throws {
        let document = try replay(sample: "lg-server-chat-interrupt.sse").summaryDocument
        #expect(members(document) == Self.seedMembers + ["run", "interrupts", "messages_total", "messages_dropped", "messages"])
        #expect(document["run"]?.serialized()
            == #"{"thread_id":null,"run_id":"01a230c6-a7af-729c-9817-688b4d327b15","assistant_id":null,"graph_id":null,"status":"interrupted"}"#)
        #expect(document["interrupts"]?.serialized()
            == #"[{"id":"0177efcec3aa6566964f0c048d8db538","value":"{\"question\":\"Publish the summary?\"}"}]"#)
        #expect(document["messages"]?.serialized()
            == #"[{"id":"lc_run--01a230c6-ab15-75f7-9983-c0b8c1af1aef","node":"summarize","text":"Three tasks done."}]"#)
        #expect(document["messages_total"] == .number(1))
        #expect(document["messages_dropped"] == .number(0))
        #expect(document["completed"] == .bool(false))
        guard case .array(let stages)? = document["stages"] else {
            Issue.record("no stages")
            return
        }
        #expect(stages.count == 5)
        #expect(stages.last?.serialized()
            == #"{"name":"confirm","competitor":null,"task_id":"e2a39006-fa6d-4655-44a1-506a84eeaec6","status":"interrupted","duration_ms":null,"error":null}"#)
    }

    @Test("a failed task's stage carries its error; a Send's competitor names its row")
    func failedTaskStage() throws {
        let document = try replay(sample: "lg-server-analysis-error.sse").summaryDocument
        guard case .array(let stages)? = document["stages"] else {
            Issue.record("no stages")
            return
        }
        let analyze = try #require(stages.first { $0["name"] == .string("analyze_findings") })
        #expect(analyze["status"] == .string("failed"))
        #expect(analyze["error"] == .string("RuntimeError: Simulated failure in analyze_findings: the findings could not be scored"))
        #expect(stages.compactMap { $0["competitor"]?.stringValue } == ["Stryker Spine", "Medtronic"])
        #expect(document["run"]?["status"] == .string("error"))
    }

    @Test("a run the server says succeeded is completed")
    func succeeded() {
        var state = AnalysisState()
        state.reduce(graphEvent("metadata", .runStarted(runID: "r1")))
        state.reduce(graphEvent("streamtop_run", .runStatus(ServerRun(threadID: "t1", runID: "r1", assistantID: "a", graphID: "chat", status: .success))))
        let document = state.summaryDocument
        #expect(document["completed"] == .bool(true))
        #expect(document["completion"] == .string("run_succeeded"))
        #expect(document["run"]?.serialized() == #"{"thread_id":"t1","run_id":"r1","assistant_id":"a","graph_id":"chat","status":"success"}"#)
        #expect(document["interrupts"] == .array([]))
        #expect(document["messages"] == .array([]))
    }

    @Test("the seed's summaries keep their members and stage objects exactly")
    func seedSummaryUnchanged() throws {
        let document = try replay(sample: "ref-node-error.sse").summaryDocument
        #expect(members(document) == Self.seedMembers)
        guard case .array(let stages)? = document["stages"] else {
            Issue.record("no stages")
            return
        }
        #expect(!stages.isEmpty)
        #expect(stages.allSatisfy { members($0) == ["name", "competitor", "status", "duration_ms"] })
    }

    @Test("plain lines for graph events", arguments: [
        (GraphEvent.Part.runStarted(runID: "r-1"), "run r-1"),
        (.taskStarted(taskID: "t", node: "research"), "task research started"),
        (.taskFinished(taskID: "t", node: "research", error: nil, interrupted: false), "task research done"),
        (.taskFinished(taskID: "t", node: "analyze", error: ErrorReport(message: "boom", errorType: "RuntimeError"), interrupted: false),
         "task analyze failed: RuntimeError: boom"),
        (.taskFinished(taskID: "t", node: "confirm", error: nil, interrupted: true), "task confirm interrupted"),
        (.nodesUpdated(["a", "b"]), "update from a, b"),
        (.interrupted([InterruptRequest(id: "i", value: #"{"question":"Publish?"}"#)]), #"interrupt: {"question":"Publish?"}"#),
        (.message(ModelMessageChunk(messageID: "m", node: "summarize", text: "Three", isWholeSoFar: false)), "model (summarize): Three"),
        (.message(ModelMessageChunk(messageID: "m", node: nil, text: "So far", isWholeSoFar: true)), "model: So far"),
        (.runStatus(ServerRun(status: .interrupted)), "run status interrupted"),
        (.runStatus(ServerRun(status: .interrupted, interrupts: [InterruptRequest(id: "i", value: "1")])), "run status interrupted, interrupt: 1"),
    ])
    func logLines(part: GraphEvent.Part, text: String) {
        #expect(graphEvent("tasks", part).logLine == "01:02:03 [    ] tasks              \(text)")
    }

    @Test("long model text is cut: a delta's start, a whole-so-far text's end")
    func longModelText() {
        let text = String(repeating: "a", count: 200) + "END"
        let delta = graphEvent("messages", .message(ModelMessageChunk(messageID: "m", node: nil, text: text, isWholeSoFar: false))).logLine
        #expect(delta.hasSuffix("model: " + String(repeating: "a", count: 119) + "…"))
        let soFar = graphEvent("messages/partial", .message(ModelMessageChunk(messageID: "m", node: nil, text: text, isWholeSoFar: true))).logLine
        #expect(soFar.hasSuffix("model: …" + String(repeating: "a", count: 116) + "END"))
    }

    @Test("a task of one competitor's Send names it first, as other events do")
    func competitorOnLine() {
        var event = graphEvent("tasks", .taskStarted(taskID: "t", node: "research_competitor"))
        event.competitor = "Medtronic"
        #expect(event.logLine.hasSuffix("Medtronic · task research_competitor started"))
    }

    @Test("the Markdown report names the run and a failed task's error")
    func markdown() throws {
        let report = try replay(sample: "lg-server-analysis-error.sse").markdownReport(generatedAt: Timestamp(seconds: 0))
        #expect(report.contains("- LangGraph run `01a230c6-a327-72ba-b5f8-fc51a8154de2`: error"))
        #expect(report.contains("- failed: analyze_findings: RuntimeError: Simulated failure in analyze_findings"))
        let interrupted = try replay(sample: "lg-server-chat-interrupt.sse").markdownReport(generatedAt: Timestamp(seconds: 0))
        #expect(interrupted.contains(#"- Waits on interrupt `0177efcec3aa6566964f0c048d8db538`: {"question":"Publish the summary?"}"#))
        let seed = try replay(sample: "ref-default.sse").markdownReport(generatedAt: Timestamp(seconds: 0))
        #expect(!seed.contains("LangGraph"))
    }
}
