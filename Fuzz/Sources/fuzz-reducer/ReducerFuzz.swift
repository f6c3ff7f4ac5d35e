import Analysis
import EventStream
import FuzzSupport
import OutputFormats

enum ReducerFuzz {
    static let knownTypes: Set<String> = [
        "stage_started", "stage_completed", "progress_update", "search_started", "sources_found",
        "insight_generated", "error", "heartbeat", "analysis_completed", "malformed",
    ]

    static var smallLimits: AnalysisState.Limits {
        var limits = AnalysisState.Limits()
        limits.sourcePreviews = 3
        limits.insights = 2
        limits.errors = 2
        limits.diagnostics = 3
        limits.notices = 1
        limits.eventTypes = 3
        limits.messages = 2
        limits.messageTextBytes = 24
        limits.taskStages = 2
        limits.competitors = 3
        limits.stages = 4
        return limits
    }

    static func run(_ bytes: [UInt8]) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var limits = AnalysisState.Limits()
        if lines.first == [UInt8(ascii: "#")] {
            limits = smallLimits
            lines.removeFirst()
        }
        let events = lines.enumerated().map { index, line in
            AnalysisEvent.decode(wire(line), line: index + 1)
        }
        var state = AnalysisState(limits: limits)
        for (index, event) in events.enumerated() {
            state.reduce(event)
            check(state, after: index + 1)
        }
        // Pure: the same events give the same state.
        var again = AnalysisState(limits: limits)
        for event in events { again.reduce(event) }
        fuzzCheck(again == state, "folding the same events twice gave two states")
        // What `--summary json` and the dashboard's report export make of it.
        _ = state.summaryDocument(incomplete: true).serialized()
        _ = state.markdownReport(generatedAt: Timestamp(seconds: 1_795_537_000))
    }

    static func wire(_ line: ArraySlice<UInt8>) -> SSEEvent {
        guard let tab = line.firstIndex(of: 0x09) else { return SSEEvent(dataBytes: Array(line)) }
        return SSEEvent(type: String(decoding: line[..<tab], as: UTF8.self), dataBytes: Array(line[(tab + 1)...]))
    }

    /// The state stays within `AnalysisState.Limits`, and what it counts adds up.
    static func check(_ state: AnalysisState, after count: Int) {
        let limits = state.limits
        fuzzCheck(state.eventCounts.total == count, "\(state.eventCounts.total) events counted of \(count)")
        // (F7, fixed: an unknown type named like a known one had its count overwritten.)
        let sum = state.eventCounts.byType.values.reduce(0, +)
        fuzzCheck(sum == count, "the counts by type add up to \(sum) of \(count): \(state.eventCounts.byType)")
        let others = state.eventCounts.byType.keys.filter { !knownTypes.contains($0) && $0 != EventCounts.otherTypes }
        fuzzCheck(others.count <= limits.eventTypes, "\(others.count) types counted by name, the limit is \(limits.eventTypes)")

        fuzzCheck(state.notices.items.count <= limits.notices, "\(state.notices.items.count) notices")
        fuzzCheck(state.insights.items.count <= limits.insights, "\(state.insights.items.count) insights")
        fuzzCheck(state.errors.items.count <= limits.errors, "\(state.errors.items.count) errors")
        fuzzCheck(state.diagnostics.items.count <= limits.diagnostics, "\(state.diagnostics.items.count) diagnostics")
        fuzzCheck(state.sources.previews.items.count <= limits.sourcePreviews, "\(state.sources.previews.items.count) previews")
        fuzzCheck(state.messages.items.count <= limits.messages, "\(state.messages.items.count) messages")
        for message in state.messages.items {
            fuzzCheck(message.text.utf8.count <= limits.messageTextBytes, "a message of \(message.text.utf8.count) bytes")
        }
        let taskRows = state.stages.filter { $0.taskID != nil }.count
        fuzzCheck(taskRows <= limits.taskStages, "\(taskRows) task rows, the limit is \(limits.taskStages)")
        let stageRows = state.stages.count - taskRows
        fuzzCheck(stageRows <= limits.stages, "\(stageRows) stage rows, the limit is \(limits.stages)")
        fuzzCheck(state.competitors.count <= limits.competitors, "\(state.competitors.count) competitors, the limit is \(limits.competitors)")
        for log in [state.insights.total - state.insights.items.count, state.errors.dropped, state.diagnostics.dropped] {
            fuzzCheck(log >= 0, "a log dropped \(log)")
        }

        fuzzCheck((0...1).contains(state.progress), "progress \(state.progress)")
        var names = Set<String>()
        for competitor in state.competitors {
            fuzzCheck((0...1).contains(competitor.progress), "\(competitor.name)'s progress \(competitor.progress)")
            fuzzCheck(names.insert(competitor.name).inserted, "competitor \(competitor.name) twice")
            fuzzCheck(state.competitor(named: competitor.name) == competitor, "competitor(named: \(competitor.name)) finds another")
            fuzzCheck(competitor.sources >= 0 && competitor.insights >= 0 && competitor.errors >= 0, "negative counts for \(competitor)")
        }
        // Each URL is shown once.
        let urls = state.sources.previews.items.map(\.url).filter { !$0.isEmpty }
        fuzzCheck(Set(urls).count == urls.count, "a URL previewed twice: \(urls)")
        fuzzCheck(state.sources.uniqueURLs >= Set(urls).count, "\(state.sources.uniqueURLs) unique URLs, \(Set(urls).count) shown")
        var taskIDs = Set<String>()
        for stage in state.stages {
            if let id = stage.taskID { fuzzCheck(taskIDs.insert(id).inserted, "task \(id) has two rows") }
            if let duration = stage.durationMs { fuzzCheck(duration.isFinite, "a duration of \(duration)") }
        }
    }
}
