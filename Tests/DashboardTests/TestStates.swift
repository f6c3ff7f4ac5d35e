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
