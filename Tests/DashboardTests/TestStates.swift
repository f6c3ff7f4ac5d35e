import Analysis
import Dashboard
import EventStream
import Foundation
import TestSupport

/// A fixed wall clock for every test state, so that clocks and ages on screen never move.
let testNow = 1_795_537_000.0

/// The events of a recorded SSE capture.
func sampleEvents(_ name: String) -> [AnalysisEvent] {
    var parser = SSEParser()
    let bytes = FileManager.default.contents(atPath: fixturePath("samples/\(name)")) ?? Data()
    return parser.feed(Array(bytes)).compactMap { parsed in
        if case .event(let event, let line) = parsed { return AnalysisEvent.decode(event, line: line) }
        return nil
    }
}

enum TestStates {
    static func app(_ mode: AppState.Mode = .replay(file: "ref-default.sse"), events: [AnalysisEvent] = [], size: Size) -> DashboardApp {
        var app = DashboardApp(state: AppState(mode: mode, now: testNow))
        _ = app.send(.resized(size))
        if !events.isEmpty { _ = app.send(.events(events)) }
        _ = app.send(.tick(now: testNow + 83))
        return app
    }

    static func empty(_ size: Size) -> DashboardApp {
        app(.demo, size: size)
    }

    /// Mid-run, with an error and a bad line: the run of ref-node-error plus two kinds of bad input.
    static func busy(_ size: Size) -> DashboardApp {
        var events = Array(sampleEvents("ref-default.sse").prefix(18))
        events.insert(AnalysisEvent.decode(json: #"{"type":"progress_update","data":{"message":"trunc"#, line: 9), at: 9)
        events.append(AnalysisEvent(.error(ErrorReport(message: "upstream search API returned HTTP 429", errorType: "RuntimeError")),
                                    stage: "research_competitor", competitor: "Medtronic", line: 40))
        events.append(AnalysisEvent(.heartbeat))
        var app = app(.live(host: "analysis.example:8000"), events: events, size: size)
        _ = app.send(.connection(.streaming))
        return app
    }

    static func finished(_ size: Size) -> DashboardApp {
        app(events: sampleEvents("ref-default.sse"), size: size)
    }
}

/// The events of a recorded LangGraph Server capture, each arriving when its SSE id (the
/// server's "<milliseconds>-<n>") says, or, in a capture without ids, 100 ms after the last:
/// task rows get durations, as they do from a live feed.
func langGraphSampleEvents(_ name: String) -> [AnalysisEvent] {
    var parser = SSEParser()
    let bytes = FileManager.default.contents(atPath: fixturePath("samples/\(name)")) ?? Data()
    var arrival = testNow
    return parser.feed(Array(bytes)).compactMap { parsed in
        guard case .event(let event, let line) = parsed else { return nil }
        if let milliseconds = event.lastEventID.split(separator: "-").first.flatMap({ Double($0) }) {
            arrival = milliseconds / 1000
        } else {
            arrival += 0.1
        }
        return AnalysisEvent.decode(event, line: line, arrival: Timestamp(seconds: arrival))
    }
}

/// A `streamtop_run` event, as a LangGraph feed writes it after asking the server how the run ended.
func serverRunEvent(thread: String, run: String, graph: String, status: String, interrupts: [(id: String, value: String)] = []) -> AnalysisEvent {
    func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    let list = interrupts.map { "{\"id\":\(quoted($0.id)),\"value\":\(quoted($0.value))}" }.joined(separator: ",")
    let json = "{\"thread_id\":\(quoted(thread)),\"run_id\":\(quoted(run)),\"assistant_id\":\(quoted(graph)),"
        + "\"graph_id\":\(quoted(graph)),\"status\":\(quoted(status)),\"interrupts\":[\(list)]}"
    return AnalysisEvent.decode(json: json, eventName: "streamtop_run")
}

extension TestStates {
    /// A run of the tiny graph on a LangGraph Server, ended: tasks (a `Send` fan-out of three),
    /// the model's message, the thread and run from the server's answer.
    static func langGraph(_ size: Size) -> DashboardApp {
        let events = langGraphSampleEvents("lg-tiny-all-modes.sse") + [
            serverRunEvent(thread: "01a20e64-6271-72aa-8312-704821985241", run: "01a20e64-62d8-74ba-b1b6-d6a35df92b29",
                           graph: "tiny", status: "success"),
        ]
        var app = app(.langGraph(host: "127.0.0.1", assistant: "tiny"), events: events, size: size)
        _ = app.send(.connection(.completed))
        return app
    }

    /// The chat graph stopped at its `interrupt()`, waiting for an answer.
    static let chatInterrupt = (id: "0177efcec3aa6566964f0c048d8db538", value: #"{"question": "Publish the summary?"}"#)

    static func waitingForAnswer(_ size: Size) -> DashboardApp {
        let events = langGraphSampleEvents("lg-server-chat-interrupt.sse") + [
            serverRunEvent(thread: "01a230c6-a782-70d1-87de-976d82365014", run: "01a230c6-a7af-729c-9817-688b4d327b15",
                           graph: "chat", status: "interrupted", interrupts: [chatInterrupt]),
        ]
        var app = app(.langGraph(host: "127.0.0.1", assistant: "chat"), events: events, size: size)
        _ = app.send(.connection(.needsInput("it asks \(chatInterrupt.value); press a to answer")))
        return app
    }
}
