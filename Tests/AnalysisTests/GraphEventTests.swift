@testable import Analysis
import EventStream
import Foundation
import JSON
import Testing
import TestSupport

/// The SSE events of a recorded capture, as parsed.
private func wireEvents(_ sample: String) throws -> [SSEEvent] {
    var parser = SSEParser()
    return parser.feed(Array(try Data(contentsOf: fixtureURL("samples/\(sample)")))).compactMap { parsed in
        if case .event(let event, _) = parsed { return event }
        return nil
    }
}

/// The data of the `index`-th event named `name` in a capture (the server's exact JSON).
private func wireData(_ sample: String, _ name: String, _ index: Int = 0) throws -> String {
    let events = try wireEvents(sample).filter { $0.type == name }
    return String(decoding: events[index].dataBytes, as: UTF8.self)
}

private func decode(_ json: String, _ name: String, at seconds: Double? = nil) -> AnalysisEvent {
    AnalysisEvent.decode(json: json, eventName: name, line: 3, arrival: seconds.map { Timestamp(seconds: $0) })
}

private func part(_ event: AnalysisEvent) -> GraphEvent.Part? {
    if case .graph(let graph) = event.kind { return graph.part }
    return nil
}

private func reduced(_ events: [AnalysisEvent], limits: AnalysisState.Limits = .init()) -> AnalysisState {
    var state = AnalysisState(limits: limits)
    for event in events { state.reduce(event) }
    return state
}

/// The events of a capture, decoded and reduced into `state`, each arriving at `start + i`.
private func replayTimed(_ sample: String, into state: inout AnalysisState, start: Double = 1000) throws {
    for (index, event) in try wireEvents(sample).enumerated() {
        state.reduce(.decode(event, line: index + 1, arrival: Timestamp(seconds: start + Double(index))))
    }
}

/// `streamtop_run` exactly as streamtop's LangGraph feed writes it (`LangGraphSession.runJSON`).
private func runJSON(status: String, interrupts: String = "[]", run: String = "r1") -> String {
    #"{"thread_id":"t1","run_id":"\#(run)","assistant_id":"chat","graph_id":"chat","status":"\#(status)","interrupts":\#(interrupts)}"#
}

@Suite("LangGraph events: decoding")
struct GraphEventDecodingTests {
    @Test("metadata: the run's id")
    func metadata() throws {
        let event = decode(try wireData("lg-server-chat-interrupt.sse", "metadata"), "metadata", at: 5)
        #expect(part(event) == .runStarted(runID: "01a230c6-a7af-729c-9817-688b4d327b15"))
        #expect(event.type == "metadata")
        #expect(event.timestamp == Timestamp(seconds: 5))
        #expect(event.problems.isEmpty)
    }

    @Test("tasks: a start, with a Send's competitor; a result, done, failed or interrupted")
    func tasks() throws {
        let worker = decode(try wireData("lg-server-chat-interrupt.sse", "tasks", 1), "tasks")
        #expect(part(worker) == .taskStarted(taskID: "c6de3836-a906-505b-cd9b-ac95f8bba0ea", node: "worker"))
        #expect(worker.competitor == nil)

        let research = decode(try wireData("lg-server-analysis-error.sse", "tasks", 3), "tasks")
        #expect(part(research) == .taskStarted(taskID: "af03b107-a9c5-507a-8567-ec44533f342f", node: "research_competitor"))
        #expect(research.competitor == "Medtronic")

        let done = decode(try wireData("lg-server-chat-interrupt.sse", "tasks", 3), "tasks")
        #expect(part(done) == .taskFinished(taskID: "b45a0bf1-68de-d5db-550b-47dfb578de8a", node: "worker", error: nil, interrupted: false))

        let failed = decode(try wireData("lg-server-analysis-error.sse", "tasks", 7), "tasks")
        #expect(part(failed) == .taskFinished(
            taskID: "d6fab1a1-8159-fca7-691a-2a1fa2d259e1", node: "analyze_findings",
            error: ErrorReport(message: "Simulated failure in analyze_findings: the findings could not be scored", errorType: "RuntimeError"),
            interrupted: false
        ))

        let interrupted = decode(try wireData("lg-server-chat-interrupt.sse", "tasks", 9), "tasks")
        #expect(part(interrupted) == .taskFinished(taskID: "e2a39006-fa6d-4655-44a1-506a84eeaec6", node: "confirm", error: nil, interrupted: true))

        // Another server's spelling: the error as a string.
        #expect(part(decode(#"{"id":"t","name":"n","error":"boom","result":null,"interrupts":[]}"#, "tasks"))
            == .taskFinished(taskID: "t", node: "n", error: ErrorReport(message: "boom"), interrupted: false))
    }

    @Test("updates: the nodes that ran, or an interrupt with its value as compact JSON")
    func updates() throws {
        #expect(part(decode(try wireData("lg-server-chat-interrupt.sse", "updates", 0), "updates")) == .nodesUpdated(["worker"]))
        #expect(part(decode(#"{"a":null,"__start__":{"x":1},"b":{"y":2}}"#, "updates")) == .nodesUpdated(["a", "b"]))
        let interrupt = decode(try wireData("lg-server-chat-interrupt.sse", "updates", 4), "updates")
        #expect(part(interrupt) == .interrupted([
            InterruptRequest(id: "0177efcec3aa6566964f0c048d8db538", value: #"{"question":"Publish the summary?"}"#),
        ]))
        #expect(interrupt.problems.isEmpty)
        // A value written with whitespace is kept compact.
        #expect(part(decode(#"{"__interrupt__": [ {"value": [1, "two"], "id": "i"} ]}"#, "updates"))
            == .interrupted([InterruptRequest(id: "i", value: #"[1,"two"]"#)]))
    }

    @Test("messages (messages-tuple): a delta, with the node from the metadata")
    func messageDeltas() throws {
        let tokens = try (0..<5).map { part(decode(try wireData("lg-server-chat-interrupt.sse", "messages", $0), "messages")) }
        #expect(tokens.first == .message(ModelMessageChunk(
            messageID: "lc_run--01a230c6-ab15-75f7-9983-c0b8c1af1aef", node: "summarize", text: "Three", isWholeSoFar: false
        )))
        let texts = tokens.map { token -> String in
            if case .message(let chunk) = token { return chunk.text }
            return "?"
        }
        #expect(texts.joined() == "Three tasks done.")
        // Content as a list of blocks: the text blocks' text, joined; a tool call has none.
        let blocks = decode(#"[{"content":[{"type":"text","text":"Hel"},{"type":"tool_use","input":{}},"lo"],"id":"m"},{}]"#, "messages")
        #expect(part(blocks) == .message(ModelMessageChunk(messageID: "m", node: nil, text: "Hello", isWholeSoFar: false)))
    }

    @Test("messages/partial: the whole message so far")
    func messageSoFar() {
        // langgraph-api's shape: `[message_so_far]`, an AIMessageChunk dict.
        let json = #"[{"content":"Three tasks","additional_kwargs":{},"response_metadata":{},"type":"AIMessageChunk","name":null,"id":"lc_run--1","tool_calls":[]}]"#
        #expect(part(decode(json, "messages/partial")) == .message(ModelMessageChunk(
            messageID: "lc_run--1", node: nil, text: "Three tasks", isWholeSoFar: true
        )))
    }

    @Test("streamtop_run as the feed writes it")
    func runStatus() {
        let event = decode(runJSON(status: "interrupted", interrupts: #"[{"id":"i1","value":"{\"question\":\"Publish?\"}"}]"#), "streamtop_run")
        #expect(part(event) == .runStatus(ServerRun(
            threadID: "t1", runID: "r1", assistantID: "chat", graphID: "chat", status: .interrupted,
            interrupts: [InterruptRequest(id: "i1", value: #"{"question":"Publish?"}"#)]
        )))
        let sparse = decode(#"{"thread_id":null,"run_id":"r","status":"success","interrupts":[{"id":"i","value":{"a":1}}]}"#, "streamtop_run")
        #expect(part(sparse) == .runStatus(ServerRun(runID: "r", status: .success, interrupts: [InterruptRequest(id: "i", value: #"{"a":1}"#)])))
        #expect(RunCompletion(sparse) == .finished)
        #expect(RunCompletion(event) == .no)
    }

    @Test("error and custom events are envelopes, as before")
    func envelopesUnchanged() throws {
        let error = decode(try wireData("lg-server-analysis-error.sse", "error"), "error")
        #expect(error.kind == .error(ErrorReport(message: "Simulated failure in analyze_findings: the findings could not be scored", errorType: "RuntimeError")))
        let custom = decode(try wireData("lg-server-analysis.sse", "custom"), "custom")
        #expect(custom.kind == .stageStarted)
        #expect(custom.stage == "plan_queries")
    }

    @Test("the other modes are counted by name; a graph state's `type` key is not the event's type", arguments: [
        "values", "debug", "checkpoints", "events", "messages/metadata", "messages/complete",
    ])
    func countedModes(mode: String) {
        let event = decode(#"{"type":"error","error":"x","message":"y","progress":0.5,"metadata":{"session_id":"s"}}"#, mode, at: 9)
        #expect(event.kind == .unknown(type: mode))
        #expect(event.sessionID == nil)
        #expect(event.progress == nil)
        #expect(event.timestamp == Timestamp(seconds: 9))
    }

    @Test("debug keeps the server's timestamp")
    func debugTimestamp() throws {
        let event = decode(try wireData("lg-tiny-all-modes.sse", "debug"), "debug", at: 9)
        #expect(event.kind == .unknown(type: "debug"))
        #expect(event.timestamp == Timestamp(iso8601: "2026-11-24T16:29:50.542814+00:00"))
    }

    @Test("a namespaced name: the mode before the first |, the namespace after; counted by mode")
    func namespaces() {
        let event = decode(#"{"id":"t","name":"search","input":{},"triggers":[]}"#, "tasks|research:3f2a|inner:9")
        guard case .graph(let graph) = event.kind else {
            Issue.record("expected a graph event, got \(event.kind)")
            return
        }
        #expect(graph.name == "tasks|research:3f2a|inner:9")
        #expect(graph.namespace == ["research:3f2a", "inner:9"])
        #expect(graph.mode == "tasks")
        #expect(graph.part == .taskStarted(taskID: "t", node: "search"))
        #expect(event.type == "tasks|research:3f2a|inner:9")
        #expect(decode("{}", "values|research:3f2a").kind == .unknown(type: "values"))
        #expect(AnalysisState.stageName("search", in: graph.namespace) == "research/inner/search")

        let state = reduced([event, decode(#"{"id":"u","name":"x","input":{},"triggers":[]}"#, "tasks|research:77aa")])
        #expect(state.eventCounts["tasks"] == 2)
        #expect(state.eventCounts.byType.count == 1)
        #expect(state.stages.map(\.name) == ["research/inner/search", "research/x"])
    }

    @Test("a name that is no LangGraph mode keeps today's reading")
    func otherNames() {
        #expect(decode(#"{"type":"progress_update","data":{"progress":0.2}}"#, "custom|research:1").kind == .progressUpdate)
        #expect(decode(#"{"a":1}"#, "metadata_extra").kind == .unknown(type: "metadata_extra"))
        #expect(decode(#"{"type":"heartbeat"}"#, "message").kind == .heartbeat)
    }

    @Test("malformed payloads: what can be kept is kept, the rest noted", arguments: [
        (#"[1,2]"#, "tasks", nil, "a task should be an object, not array"),
        (#"{"name":"n","input":{}}"#, "tasks", nil, "a task without an id"),
        (#"{"id":"t","name":"n"}"#, "tasks", nil, "a task that is neither a start (input, triggers) nor a result (result, error, interrupts)"),
        (#""text""#, "updates", nil, "updates should be an object, not string"),
        (#"{"attempt":1}"#, "metadata", nil, "metadata without a run_id"),
        (#"{"content":"x","id":"m"}"#, "messages", nil, "messages should be an array [chunk, metadata]"),
        (#"[{"content":"x"},{}]"#, "messages", nil, "a message chunk without an id"),
        (#"[]"#, "messages", nil, "messages without a message chunk"),
        (#"[{"content":"x"}]"#, "messages/partial", nil, "a message without an id"),
        (#"[]"#, "streamtop_run", nil, "streamtop_run should be an object, not array"),
    ] as [(String, String, String?, String)])
    func malformedPayloads(json: String, name: String, kept: String?, problem: String) {
        let event = decode(json, name)
        let mode = String(name.prefix { $0 != "|" })
        #expect(event.kind == .unknown(type: mode))
        #expect(event.problems == [problem])
        // The note reaches the diagnostics, named by the event's type.
        let state = reduced([event])
        #expect(state.diagnostics.items.map(\.message) == ["\(mode): \(problem)"])
        #expect(state.diagnostics.items.first?.line == 3)
    }

    @Test("a payload with bad fields keeps the good ones")
    func partlyBad() {
        let task = decode(#"{"id":"t","error":["x"],"result":{},"interrupts":{"a":1}}"#, "tasks")
        #expect(part(task) == .taskFinished(taskID: "t", node: "(unnamed)", error: ErrorReport(message: "unspecified error"), interrupted: false))
        #expect(task.problems == ["error should be an object or a string, not array", "interrupts should be an array, not object", "a task without a name"])

        let chunk = decode(#"[{"content":42,"id":"m"},{"langgraph_node":"n"}]"#, "messages")
        #expect(part(chunk) == .message(ModelMessageChunk(messageID: "m", node: "n", text: "", isWholeSoFar: false)))
        #expect(chunk.problems == ["content should be a string or a list of blocks, not number"])

        let interrupts = decode(#"{"__interrupt__":[{"value":1},7]}"#, "updates")
        #expect(part(interrupts) == .interrupted([InterruptRequest(id: "", value: "1")]))
        #expect(interrupts.problems == ["an interrupt without an id", "an interrupt should be an object"])

        let run = decode(#"{"run_id":"r","status":"exploded","interrupts":"none"}"#, "streamtop_run")
        #expect(part(run) == .runStatus(ServerRun(runID: "r")))
        #expect(run.problems == [#"status "exploded" is not a run's status"#, "interrupts should be an array"])
    }

    @Test("data that is not JSON is malformed, whatever the mode", arguments: ["tasks", "updates", "messages", "values", "streamtop_run"])
    func notJSON(name: String) {
        let event = decode(#"{"id":"t","#, name, at: 4)
        guard case .malformed(let reason) = event.kind else {
            Issue.record("expected malformed, got \(event.kind)")
            return
        }
        #expect(reason.hasPrefix("not JSON"))
        #expect(event.line == 3)
    }

    @Test("text from the graph is sanitised: names, message text, interrupt values")
    func sanitised() {
        let task = decode(#"{"id":"t\u001b[2J","name":"no\u001b]0;pwned\u0007de","input":{},"triggers":[]}"#, "tasks")
        #expect(part(task) == .taskStarted(taskID: "t", node: "node"))
        let chunk = decode(#"[{"content":"red\u001b[31m\nline\u202e","id":"m"},{"langgraph_node":"a\tb"}]"#, "messages")
        #expect(part(chunk) == .message(ModelMessageChunk(messageID: "m", node: "a b", text: "red line", isWholeSoFar: false)))
        let interrupt = decode(#"{"__interrupt__":[{"value":{"q\u001b[1m":"ask\u009b31m"},"id":"i"}]}"#, "updates")
        #expect(part(interrupt) == .interrupted([InterruptRequest(id: "i", value: #"{"q":"ask"}"#)]))
        let nodes = decode(#"{"evil\u001b[31m":{}}"#, "updates")
        #expect(part(nodes) == .nodesUpdated(["evil"]))
    }

    @Test("sizes are bounded: a delta and an interrupt value at 16 KiB with a note, a message so far at 64 KiB without")
    func bounds() {
        let long = String(repeating: "é", count: 10_000)  // 20,000 bytes
        let delta = decode(#"[{"content":"\#(long)","id":"m"}]"#, "messages")
        guard case .message(let chunk)? = part(delta) else {
            Issue.record("expected a message")
            return
        }
        #expect(chunk.text.utf8.count == ModelMessageChunk.maxDeltaBytes)
        #expect(chunk.text.allSatisfy { $0 == "é" })
        #expect(chunk.isTruncated)
        #expect(delta.problems == ["a message chunk of 20000 bytes was cut to 16384"])

        let whole = decode(#"[{"content":"\#(String(repeating: "ab", count: 40_000))","id":"m"}]"#, "messages/partial")
        guard case .message(let soFar)? = part(whole) else {
            Issue.record("expected a message")
            return
        }
        #expect(soFar.text.utf8.count == ModelMessageChunk.maxWholeBytes)
        #expect(soFar.isTruncated)
        #expect(whole.problems.isEmpty)

        let value = decode(#"{"__interrupt__":[{"value":"\#(String(repeating: "x", count: 20_000))","id":"i"}]}"#, "updates")
        guard case .interrupted(let interrupts)? = part(value) else {
            Issue.record("expected an interrupt")
            return
        }
        #expect(interrupts[0].value.utf8.count == InterruptRequest.maxValueBytes + "…".utf8.count)
        #expect(interrupts[0].value.hasSuffix("…"))
        #expect(value.problems == ["an interrupt value of 20002 bytes was cut to 16384"])
    }

    @Test("TextLimit never splits a character's encoding")
    func textLimit() {
        #expect(TextLimit.prefix("abc", maxBytes: 3) == nil)
        #expect(TextLimit.prefix("abcd", maxBytes: 3) == "abc")
        #expect(TextLimit.prefix("aé", maxBytes: 2) == "a")  // é is 2 bytes
        #expect(TextLimit.prefix("a😀", maxBytes: 4) == "a")  // 😀 is 4 bytes
        #expect(TextLimit.prefix("😀", maxBytes: 0) == "")
    }

    @Test("a graph event's normalised envelope carries its part's fields")
    func envelope() throws {
        let failed = decode(#"{"id":"t1","name":"analyze","error":{"error":"RuntimeError","message":"boom"},"result":{},"interrupts":[]}"#, "tasks", at: 0)
        #expect(failed.envelope.serialized() == #"{"type":"tasks","timestamp":"1970-01-01T00:00:00.000000Z","data":{"task_id":"t1","node":"analyze","status":"failed","error":"boom","error_type":"RuntimeError"},"line":3}"#)
        let started = decode(try wireData("lg-server-analysis-error.sse", "tasks", 2), "tasks|ns:1")
        #expect(started.envelope["data"] == .object(JSONObject([
            ("competitor", .string("Stryker Spine")), ("task_id", .string("ec2b3fd2-2a46-b569-1c66-1d06bafa4525")),
            ("node", .string("research_competitor")), ("namespace", .array([.string("ns:1")])),
        ])))
        let run = decode(runJSON(status: "success"), "streamtop_run")
        #expect(run.envelope["data"]?.serialized() == runJSON(status: "success"))
        let chunk = decode(#"[{"content":"hi","id":"m"},{"langgraph_node":"n"}]"#, "messages")
        #expect(chunk.envelope["data"]?.serialized() == #"{"message_id":"m","node":"n","text":"hi","whole_so_far":false,"truncated":false}"#)
        #expect(decode(#"{"__interrupt__":[{"value":1,"id":"i"}]}"#, "updates").envelope["data"]?.serialized()
            == #"{"interrupts":[{"id":"i","value":"1"}]}"#)
    }
}

@Suite("LangGraph events: reducing")
struct GraphEventReducerTests {
    @Test("a Send fan-out: one stage row per task; an interrupt stops the run; the model's message accumulated")
    func chatInterrupt() throws {
        let state = try replay(sample: "lg-server-chat-interrupt.sse")
        #expect(state.stages.map(\.name) == ["worker", "worker", "worker", "summarize", "confirm"])
        #expect(state.stages.map(\.taskID) == [
            "b45a0bf1-68de-d5db-550b-47dfb578de8a", "c6de3836-a906-505b-cd9b-ac95f8bba0ea", "24689585-b6e0-d5f7-a010-8402338ae6d7",
            "6bd1029f-1f6e-c339-58c5-c77a3c7e90de", "e2a39006-fa6d-4655-44a1-506a84eeaec6",
        ])
        #expect(state.stages.map(\.status) == [.done, .done, .done, .done, .interrupted])
        #expect(state.stages.allSatisfy { $0.durationMs == nil })  // a raw capture has no arrival times
        #expect(state.run == ServerRun(
            runID: "01a230c6-a7af-729c-9817-688b4d327b15", status: .interrupted,
            interrupts: [InterruptRequest(id: "0177efcec3aa6566964f0c048d8db538", value: #"{"question":"Publish the summary?"}"#)]
        ))
        #expect(state.messages.items.map(\.text) == ["Three tasks done."])
        #expect(state.messages["lc_run--01a230c6-ab15-75f7-9983-c0b8c1af1aef"]?.node == "summarize")
        #expect(!state.isCompleted)
        #expect(state.eventCounts["tasks"] == 10)
        #expect(state.diagnostics.isEmpty)
    }

    @Test("the resumed run on the same thread: the interrupted task's row runs again and is done; the feed says success")
    func resumed() throws {
        var state = AnalysisState()
        try replayTimed("lg-server-chat-interrupt.sse", into: &state)
        state.reduce(decode(runJSON(status: "interrupted", interrupts: #"[{"id":"0177efcec3aa6566964f0c048d8db538","value":"{\"question\":\"Publish the summary?\"}"}]"#, run: "01a230c6-a7af-729c-9817-688b4d327b15"), "streamtop_run"))
        #expect(state.run?.status == .interrupted)
        #expect(state.run?.threadID == "t1")
        try replayTimed("lg-server-chat-resumed.sse", into: &state, start: 2000)
        #expect(state.run?.runID == "01a230c6-ab81-7462-94ad-3da5c41cf37e")
        #expect(state.run?.status == nil)
        #expect(state.run?.interrupts == [])
        #expect(state.run?.threadID == "t1")
        let confirm = try #require(state.stages.last)
        #expect(confirm.name == "confirm")
        #expect(confirm.status == .done)
        #expect(confirm.durationMs == 2000)  // started again at 2001, its result at 2003
        #expect(state.stages.count == 5)
        state.reduce(decode(runJSON(status: "success", run: "01a230c6-ab81-7462-94ad-3da5c41cf37e"), "streamtop_run", at: 2010))
        #expect(state.completion == Completion(reason: .runSucceeded, at: Timestamp(seconds: 2010)))
        #expect(state.run?.status == .success)
    }

    @Test("a failed task: its row fails with the error, which is also kept as an error of its node; the run fails")
    func failedTask() throws {
        let state = try replay(sample: "lg-server-analysis-error.sse")
        let analyze = try #require(state.stages.first { $0.name == "analyze_findings" })
        #expect(analyze.status == .failed)
        #expect(analyze.taskID == "d6fab1a1-8159-fca7-691a-2a1fa2d259e1")
        #expect(analyze.error == "RuntimeError: Simulated failure in analyze_findings: the findings could not be scored")
        // The node's envelope (line 117), the task's result (line 121), the stream's error event (line 125).
        #expect(state.errors.items.map(\.line) == [117, 121, 125])
        #expect(state.errors.items.map(\.stage) == ["analyze_findings", "analyze_findings", nil])
        let fromTask = state.errors.items[1]
        #expect(fromTask.message == "Simulated failure in analyze_findings: the findings could not be scored")
        #expect(fromTask.errorType == "RuntimeError")
        #expect(state.stages.filter { $0.status == .failed }.count == 1)
        #expect(state.run?.status == .error)
        #expect(!state.isCompleted)
    }

    @Test("a Send per competitor: each task's row is that competitor's stage, so the envelopes do not add rows")
    func tasksAndEnvelopesShareRows() throws {
        var state = AnalysisState()
        try replayTimed("lg-server-analysis.sse", into: &state)
        #expect(state.stages.map(\.name) == ["plan_queries", "research_competitor", "research_competitor", "analyze_findings", "synthesize_report"])
        #expect(state.stages.map(\.competitor) == [nil, "Stryker Spine", "Medtronic", nil, nil])
        #expect(state.stages.allSatisfy { $0.taskID != nil && $0.status == .done && $0.durationMs != nil })
        #expect(state.completion?.reason == .analysisCompleted)
        #expect(state.competitors.map(\.name) == ["Stryker Spine", "Medtronic"])
        // The server's later word does not replace the analysis' own completion.
        let completedAt = state.completion?.at
        state.reduce(decode(runJSON(status: "success"), "streamtop_run", at: 5000))
        #expect(state.completion == Completion(reason: .analysisCompleted, at: completedAt))
        #expect(state.run?.status == .success)
    }

    @Test("duration from the rows' timestamps, or none without them")
    func durations() {
        let start = #"{"id":"t","name":"n","input":{},"triggers":[]}"#
        let end = #"{"id":"t","name":"n","error":null,"result":{},"interrupts":[]}"#
        #expect(reduced([decode(start, "tasks", at: 10), decode(end, "tasks", at: 10.25)]).stages.first?.durationMs == 250)
        let untimed = reduced([decode(start, "tasks"), decode(end, "tasks")])
        #expect(untimed.stages.first?.durationMs == nil)
        #expect(untimed.stages.first?.status == .done)
    }

    @Test("updates without tasks: each node gets one done row; nodes with task rows change nothing")
    func updatesOnly() throws {
        let updates = try wireEvents("lg-server-chat-interrupt.sse").filter { $0.type == "updates" }.map { AnalysisEvent.decode($0) }
        let state = reduced(updates)
        #expect(state.stages.map(\.name) == ["worker", "summarize"])
        #expect(state.stages.map(\.status) == [.done, .done])
        #expect(state.stages.allSatisfy { $0.taskID == nil })
        #expect(state.run?.status == .interrupted)

        let withTasks = try replay(sample: "lg-server-chat-interrupt.sse")
        #expect(withTasks.stages.count == 5)
        #expect(withTasks.stages.allSatisfy { $0.taskID != nil })
    }

    @Test("a result whose start was not seen still makes its row")
    func resultWithoutStart() {
        let state = reduced([decode(#"{"id":"t","name":"late","error":"x","result":null,"interrupts":[]}"#, "tasks")])
        #expect(state.stages.map(\.name) == ["late"])
        #expect(state.stages.first?.status == .failed)
        #expect(state.stages.first?.error == "x")
        #expect(state.errors.items.map(\.stage) == ["late"])
    }

    @Test("task rows are bounded: the oldest finished ones go first, and the rest are still found by id")
    func taskRowBound() {
        var limits = AnalysisState.Limits()
        limits.taskStages = 3
        func start(_ id: String, _ node: String) -> AnalysisEvent { decode(#"{"id":"\#(id)","name":"\#(node)","input":{},"triggers":[]}"#, "tasks") }
        func end(_ id: String, _ node: String) -> AnalysisEvent { decode(#"{"id":"\#(id)","name":"\#(node)","error":null,"result":{},"interrupts":[]}"#, "tasks") }
        // An agent loop: model, tools, model, tools, model.
        var state = reduced([
            start("1", "model"), end("1", "model"), start("2", "tools"), end("2", "tools"), start("3", "model"),
            start("4", "tools"), end("3", "model"), start("5", "model"),
        ], limits: limits)
        #expect(state.taskStagesDropped == 2)
        #expect(state.stages.map(\.taskID) == ["3", "5", "4"])  // 1 and 2 were the oldest finished
        state.reduce(end("4", "tools"))
        state.reduce(end("5", "model"))
        #expect(state.stages.map(\.status) == [.done, .done, .done])
        #expect(state.stages.count == 3)
    }

    @Test("messages: deltas appended and whole-so-far texts replacing, by id, in order of their first chunk")
    func messages() {
        func delta(_ id: String, _ text: String, node: String? = nil) -> AnalysisEvent {
            AnalysisEvent(.graph(GraphEvent(name: "messages", part: .message(ModelMessageChunk(messageID: id, node: node, text: text, isWholeSoFar: false)))))
        }
        func soFar(_ id: String, _ text: String) -> AnalysisEvent {
            AnalysisEvent(.graph(GraphEvent(name: "messages/partial", part: .message(ModelMessageChunk(messageID: id, node: nil, text: text, isWholeSoFar: true)))))
        }
        let state = reduced([delta("a", "Hel", node: "n1"), delta("b", "Wor", node: "n2"), delta("a", "lo"), soFar("c", "Par"),
                             delta("b", "ld"), soFar("c", "Partial"), soFar("c", "Partial text")])
        #expect(state.messages.items == [
            ModelMessage(id: "a", node: "n1", text: "Hello"), ModelMessage(id: "b", node: "n2", text: "World"),
            ModelMessage(id: "c", node: nil, text: "Partial text"),
        ])
        #expect(state.messages["b"]?.text == "World")
        #expect(state.messages["zzz"] == nil)
        #expect(state.run == ServerRun())
    }

    @Test("messages are bounded: the newest kept, drops counted, each text capped without splitting a character")
    func messageBounds() {
        var limits = AnalysisState.Limits()
        limits.messages = 2
        limits.messageTextBytes = 5
        func delta(_ id: String, _ text: String) -> AnalysisEvent {
            AnalysisEvent(.graph(GraphEvent(name: "messages", part: .message(ModelMessageChunk(messageID: id, node: nil, text: text, isWholeSoFar: false)))))
        }
        var state = reduced([delta("a", "1"), delta("b", "2"), delta("c", "3"), delta("b", "22")], limits: limits)
        #expect(state.messages.items.map(\.id) == ["b", "c"])
        #expect(state.messages.total == 3)
        #expect(state.messages.dropped == 1)
        #expect(state.messages["a"] == nil)
        #expect(state.messages["b"]?.text == "222")
        // A dropped id coming back begins a new message.
        state.reduce(delta("a", "x"))
        #expect(state.messages.items.map(\.id) == ["c", "a"])
        #expect(state.messages["c"]?.text == "3")
        // The cap: "xé" is 3 bytes, and the 4 of "😀" do not fit in the 2 left, nor does any
        // part of it; what comes after is not added, so the text stays the message's start.
        state.reduce(delta("a", "é"))
        #expect(state.messages["a"]?.isTruncated == false)
        state.reduce(delta("a", "😀"))
        #expect(state.messages["a"]?.text == "xé")
        #expect(state.messages["a"]?.isTruncated == true)
        state.reduce(delta("a", "y"))
        #expect(state.messages["a"]?.text == "xé")
        #expect(state.messages["c"]?.isTruncated == false)
    }

    @Test("streamtop_run: success completes the run, error does not; non-null fields win, interrupts are replaced")
    func runStatus() {
        var state = reduced([decode(#"{"run_id":"r1","attempt":1}"#, "metadata")])
        #expect(state.run == ServerRun(runID: "r1"))
        state.reduce(decode(#"{"thread_id":"t1","run_id":null,"assistant_id":null,"graph_id":"g","status":"error","interrupts":[]}"#, "streamtop_run", at: 7))
        #expect(state.run == ServerRun(threadID: "t1", runID: "r1", graphID: "g", status: .error))
        #expect(!state.isCompleted)
        #expect(state.progress == 0)

        var succeeded = reduced([decode(#"{"__interrupt__":[{"value":1,"id":"i"}]}"#, "updates")])
        #expect(succeeded.run?.interrupts.count == 1)
        succeeded.reduce(decode(runJSON(status: "success"), "streamtop_run", at: 8))
        #expect(succeeded.run?.interrupts == [])
        #expect(succeeded.run?.status == .success)
        #expect(succeeded.completion == Completion(reason: .runSucceeded, at: Timestamp(seconds: 8)))
        #expect(succeeded.progress == 1)
    }

    @Test("an error fails the run unless it is one competitor's; without a run there is none to fail")
    func errors() {
        var state = reduced([decode(#"{"run_id":"r1"}"#, "metadata")])
        state.reduce(AnalysisEvent(.error(ErrorReport(message: "one branch")), stage: "research", competitor: "A"))
        #expect(state.run?.status == nil)
        state.reduce(decode(#"{"error":"RuntimeError","message":"boom"}"#, "error"))
        #expect(state.run?.status == .error)

        let seed = reduced([decode(#"{"error":"RuntimeError","message":"boom"}"#, "error")])
        #expect(seed.run == nil)
    }

    @Test("a new session clears the results but keeps the server's run")
    func sessionReset() {
        let state = reduced([
            decode(#"{"run_id":"r1"}"#, "metadata"),
            AnalysisEvent(.stageStarted, sessionID: "s1", stage: "plan"),
            decode(#"{"id":"t","name":"plan","input":{},"triggers":[]}"#, "tasks"),
            AnalysisEvent(.stageStarted, sessionID: "s2", stage: "plan"),
        ])
        #expect(state.run?.runID == "r1")
        #expect(state.stages.map(\.taskID) == [nil])
        #expect(state.notices.items.count == 1)
    }

    @Test("streams without graph events have no run and no messages")
    func seedStreams() throws {
        let state = try replay(sample: "ref-default.sse")
        #expect(state.run == nil)
        #expect(state.messages.isEmpty)
        #expect(state.stages.allSatisfy { $0.taskID == nil })
    }

    @Test("the tiny graph in every mode: tasks, updates and messages read, the rest counted by name")
    func tinyAllModes() throws {
        let state = try replay(sample: "lg-tiny-all-modes.sse")
        #expect(state.stages.map(\.name) == ["plan", "work", "work", "work", "summarize"])
        #expect(state.stages.map(\.status) == [.done, .done, .done, .done, .done])
        #expect(state.messages.items.map(\.text) == ["Summary: SPINE-0, SPINE-1, SPINE-2"])
        #expect(state.eventCounts["debug"] == 15)
        #expect(state.eventCounts["task"] == 0)
        #expect(state.run?.runID == "01a20e64-62d8-74ba-b1b6-d6a35df92b29")
        #expect(state.diagnostics.isEmpty)
    }
}
