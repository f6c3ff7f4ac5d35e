import Analysis
import Demo
import EventStream
import Feeds
import Foundation
import Synchronization

/// One analysis the server runs: the demo pipeline's events, numbered and framed once as the
/// stream sends them (`id: <run>:<n>`), held for every watcher, who each read from their own
/// place (a resume starts after the id it names). The run is folded as it goes by the one
/// reducer, so its status and the batch answer come from the same state a client would build.
public final class ServedRun: Sendable {
    public enum Status: String, Sendable {
        case running, completed, failed, cancelled
    }

    /// What a watcher finds when it looks: the events after its place, and whether the run is over.
    public struct Reading: Sendable {
        public var events: ArraySlice<HeldEvent>
        public var status: Status
        /// Why a run ended other than completed, for its final event.
        public var endReason: String?
    }

    public let id: String
    public let request: AnalysisRequest
    public let sessionID: String
    public let requestID: String
    public let startedAt: Timestamp

    private struct State {
        var events: [HeldEvent] = []
        var analysis = AnalysisState()
        var status = Status.running
        var endReason: String?
        var endedAt: ContinuousClock.Instant?
        var completedAt: Timestamp?
        var watchers: [Int: Watcher] = [:]
        var nextWatcher = 0
        var producer: Task<Void, Never>?
    }

    private let state = Mutex(State())
    /// Told when the last watcher leaves and when the run ends, so the holder can time grace and hold.
    private let onChange: @Sendable (ServedRun) -> Void

    init(id: String, request: AnalysisRequest, startedAt: Timestamp, onChange: @escaping @Sendable (ServedRun) -> Void) {
        self.id = id
        self.request = request
        sessionID = UUID().uuidString.lowercased()
        requestID = UUID().uuidString.lowercased()
        self.startedAt = startedAt
        self.onChange = onChange
    }

    /// Starts the pipeline; its events are held as they come.
    func start(_ options: DemoOptions) {
        let task = Task { [self] in
            for await element in DemoFeed(options).elements() {
                guard case .items(let items) = element else { continue }
                for item in items { add(item.event) }
            }
            finish()
        }
        state.withLock { $0.producer = task }
    }

    public var status: Status { state.withLock(\.status) }
    public var eventCount: Int { state.withLock(\.events.count) }
    public var watcherCount: Int { state.withLock(\.watchers.count) }
    /// The state folded from the run's events so far.
    public var analysis: AnalysisState { state.withLock(\.analysis) }
    public var completedAt: Timestamp? { state.withLock(\.completedAt) }
    var endedAt: ContinuousClock.Instant? { state.withLock(\.endedAt) }

    /// The events after number `after` (0 for all), and where the run stands.
    public func reading(after: Int) -> Reading {
        state.withLock { state in
            let start = min(max(after, 0), state.events.count)
            return Reading(events: state.events[start...], status: state.status, endReason: state.endReason)
        }
    }

    /// A new watcher, for as long as the value is kept; its bell rings whenever the run moves.
    func watch() -> Watching {
        let watcher = state.withLock { state in
            let watcher = Watcher(number: state.nextWatcher)
            state.nextWatcher += 1
            state.watchers[watcher.number] = watcher
            return watcher
        }
        return Watching(run: self, watcher: watcher)
    }

    fileprivate func leave(_ watcher: Watcher) {
        let nobodyLeft = state.withLock { state in
            state.watchers[watcher.number] = nil
            return state.watchers.isEmpty && state.status == .running
        }
        watcher.close()
        if nobodyLeft { onChange(self) }
    }

    /// Stops a run that is still going; its watchers get its end.
    func cancel(reason: String) {
        let producer = state.withLock { state -> Task<Void, Never>? in
            guard state.status == .running else { return nil }
            state.status = .cancelled
            state.endReason = reason
            state.endedAt = .now
            return state.producer
        }
        guard let producer else { return }
        producer.cancel()
        ringAll()
        onChange(self)
    }

    /// Rings every watcher's bell (the run moved, or the server is closing).
    func ringAll() {
        for watcher in state.withLock({ Array($0.watchers.values) }) { watcher.ring() }
    }

    private func add(_ demoEvent: AnalysisEvent) {
        // A served stream's heartbeats are the server's own, on its clock, outside the numbering.
        guard demoEvent.kind != .heartbeat else { return }
        var event = demoEvent
        // The envelope as the seed writes it: no recording line.
        event.line = nil
        event.sessionID = sessionID
        event.requestID = requestID
        if case .analysisCompleted = event.kind {
            // As the seed's servers end a run: the whole run's progress, complete, whatever the
            // pipeline's last progress was, then the completion with the report.
            hold(AnalysisEvent(
                .progressUpdate, timestamp: event.timestamp, sessionID: sessionID, requestID: requestID,
                stage: "complete", progress: 1, message: "Analysis complete"))
        }
        hold(event)
    }

    private func hold(_ event: AnalysisEvent) {
        state.withLock { state in
            guard state.status == .running else { return }
            let number = state.events.count + 1
            let frame = SSEEncoder.encode(SSEEvent(data: event.envelope.serialized()), id: "\(id):\(number)")
            state.events.append(HeldEvent(number: number, type: event.type, frame: Array(frame.utf8)))
            state.analysis.reduce(event)
        }
        ringAll()
    }

    private func finish() {
        let ended = state.withLock { state -> Bool in
            guard state.status == .running else { return false }
            state.status = state.analysis.isCompleted ? .completed : .failed
            if state.status == .failed {
                state.endReason = state.analysis.errors.last?.message ?? "the pipeline stopped before the analysis completed"
            }
            state.endedAt = .now
            state.completedAt = .now
            return true
        }
        guard ended else { return }
        ringAll()
        onChange(self)
    }
}

/// One event of a run as the stream sends it, framed once for every watcher.
public struct HeldEvent: Sendable {
    /// 1-based, the `<n>` of its id.
    public let number: Int
    public let type: String
    public let frame: [UInt8]
}

/// A watcher's hold on its run: the run counts it until it goes, however its holder ends (a
/// stream that ran to its end, a response dropped unsent, a batch call answered).
final class Watching: Sendable {
    let run: ServedRun
    fileprivate let watcher: Watcher

    fileprivate init(run: ServedRun, watcher: Watcher) {
        self.run = run
        self.watcher = watcher
    }

    var bell: AsyncStream<Void> { watcher.bell }
    func ring() { watcher.ring() }

    deinit {
        run.leave(watcher)
    }
}

/// A reader of a run: its bell rings when there is something to look at (new events, the
/// run's end, a heartbeat due, the server closing). Rings while it is busy fold into one.
final class Watcher: Sendable {
    let number: Int
    let bell: AsyncStream<Void>
    private let ringer: AsyncStream<Void>.Continuation

    init(number: Int) {
        self.number = number
        (bell, ringer) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func ring() { ringer.yield() }
    func close() { ringer.finish() }
}
