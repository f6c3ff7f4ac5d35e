import Analysis

/// The stage runs on a time axis, as both of the report's Gantt charts draw them (Mermaid's
/// and the HTML page's SVG): every run that started, from its start to its end, the runs of
/// the whole run first, then each competitor's, in the order the stream named them.
public struct StageChart: Equatable, Sendable {
    public struct Bar: Equatable, Sendable {
        public var name: String
        public var status: StageRun.Status
        /// Seconds since 1970, as ``Timestamp/seconds``; never before ``start``.
        public var start: Double
        public var end: Double
    }

    public struct Section: Equatable, Sendable {
        /// The competitor's name; ``runWide`` for the stages of the whole run.
        public var title: String
        public var bars: [Bar]
    }

    public static let runWide = "Run"

    public var sections: [Section]
    /// The first start and the last end over every bar.
    public var start: Double
    public var end: Double

    /// The chart of `state`'s stage runs, or nil when none has started: an empty chart is no
    /// chart at all. A run still going ends at the last event; one that ended without saying
    /// when ends after its duration, or at the last event too.
    public init?(_ state: AnalysisState) {
        let lastEvent = state.lastEventAt?.seconds
        var sections: [Section] = []
        var sectionOf: [String?: Int] = [:]
        for stage in state.stages {
            guard let start = stage.startedAt?.seconds.chartable else { continue }
            let end = stage.endedAt?.seconds ?? stage.durationMs.map { start + $0 / 1000 } ?? lastEvent ?? start
            let bar = Bar(name: stage.name, status: stage.status, start: start, end: max(start, end.chartable ?? start))
            if let index = sectionOf[stage.competitor] {
                sections[index].bars.append(bar)
            } else {
                sectionOf[stage.competitor] = sections.count
                sections.append(Section(title: stage.competitor ?? Self.runWide, bars: [bar]))
            }
        }
        guard !sections.isEmpty else { return nil }
        if let runWide = sectionOf[nil], runWide > 0 { sections.insert(sections.remove(at: runWide), at: 0) }
        let bars = sections.flatMap(\.bars)
        self.sections = sections
        start = bars.map(\.start).min() ?? 0
        end = bars.map(\.end).max() ?? 0
    }

    /// From the first start to the last end, in seconds.
    public var span: Double { end - start }
}

extension Double {
    /// A time a chart can place: from 1970 to the year 9999 (what ``Timestamp`` writes), so
    /// that milliseconds fit in an integer; nil for one that is not a number.
    fileprivate var chartable: Double? {
        isFinite ? Swift.min(Swift.max(self, 0), 253_402_300_799) : nil
    }
}
