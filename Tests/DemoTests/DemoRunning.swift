import Analysis
import Demo

/// Runs the demo as fast as it goes (speed 0: nothing waits) and collects its events.
func events(of options: DemoOptions) async -> [AnalysisEvent] {
    var options = options
    options.speed = 0
    return await collect(DemoPipeline(options).events())
}

func collect(_ run: DemoRun) async -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    for await event in run {
        events.append(event)
    }
    return events
}

/// The dashboard's state after `events`, folded through its reducer.
func dashboard(after events: [AnalysisEvent]) -> AnalysisState {
    var state = AnalysisState()
    for event in events {
        state.reduce(event)
    }
    return state
}

/// Simulated milliseconds from the run's start to `event`.
func offset(of event: AnalysisEvent, from start: Timestamp = DemoOptions.defaultStartTime) -> Int {
    Int((((event.timestamp?.seconds ?? start.seconds) - start.seconds) * 1000).rounded())
}

extension AnalysisEvent {
    var errorReport: ErrorReport? {
        if case .error(let report) = kind { return report }
        return nil
    }

    var sourcesFound: SourcesFound? {
        if case .sourcesFound(let found) = kind { return found }
        return nil
    }
}
