import Analysis
import Demo
import Feeds
import OutputFormats
import Synchronization

/// The runs the server holds: running ones, and ended ones for `hold` after their end (so
/// that a client can resume, and a batch call for the same analysis gets its answer), at most
/// ``limit`` in all. A run that no one watches for `grace` is cancelled.
final class HeldRuns: Sendable {
    /// Runs held at most; when full, the run that ended first goes.
    static let limit = 256

    private let pace: ServeConfiguration.Pace
    private let hold: Duration
    private let grace: Duration

    private struct State {
        /// In the order started.
        var runs: [ServedRun] = []
        var timers: [String: Task<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    init(pace: ServeConfiguration.Pace, hold: Duration, grace: Duration) {
        self.pace = pace
        self.hold = hold
        self.grace = grace
    }

    /// Starts a run of `request`, watched by the caller from before its grace begins; nil
    /// when ``limit`` runs are going.
    func start(_ request: AnalysisRequest) -> Watching? {
        let run = ServedRun(
            id: Self.newRunID(), request: request, startedAt: .now,
            onChange: { [weak self] in self?.changed($0) })
        let admitted = state.withLock { state -> Bool in
            if state.runs.count >= Self.limit {
                guard let oldest = state.runs.indices.filter({ state.runs[$0].status != .running })
                    .min(by: { (state.runs[$0].endedAt ?? .now) < (state.runs[$1].endedAt ?? .now) })
                else { return false }
                let gone = state.runs.remove(at: oldest)
                state.timers.removeValue(forKey: gone.id)?.cancel()
            }
            state.runs.append(run)
            return true
        }
        guard admitted else { return nil }
        let watching = run.watch()
        run.start(DemoOptions(
            competitors: request.competitors, focusArea: request.focusArea, seed: pace.seed, speed: pace.speed,
            failRate: pace.failRate, startTime: .now))
        // Its grace runs from the start: a client that asked and went before it watched.
        changed(run)
        return watching
    }

    func run(id: String) -> ServedRun? {
        state.withLock { $0.runs.last { $0.id == id } }
    }

    /// The newest run of the same analysis that is going or completed.
    func sameAnalysis(_ request: AnalysisRequest) -> ServedRun? {
        state.withLock { $0.runs.last { $0.request == request && ($0.status == .running || $0.status == .completed) } }
    }

    var all: [ServedRun] { state.withLock(\.runs) }

    /// Rings every watcher of every run: the server is closing.
    func ringAll() {
        for run in all { run.ringAll() }
    }

    /// Cancels what is running and every timer.
    func stopAll(reason: String) {
        let timers = state.withLock { state in
            defer { state.timers = [:] }
            return Array(state.timers.values)
        }
        timers.forEach { $0.cancel() }
        for run in all { run.cancel(reason: reason) }
    }

    /// A run's last watcher left, or it ended: time its grace or its hold.
    private func changed(_ run: ServedRun) {
        let ended = run.status != .running
        let wait = ended ? hold : grace
        let timer = Task { [weak self, grace] in
            do { try await Task.sleep(for: wait) } catch { return }
            guard let self else { return }
            if ended {
                self.state.withLock { state in
                    state.runs.removeAll { $0 === run }
                    state.timers[run.id] = nil
                }
            } else if run.watcherCount == 0 {
                run.cancel(reason: "no one watched the run for \(DurationText.milliseconds(grace.seconds * 1000))")
            }
        }
        state.withLock { state in
            state.timers.updateValue(timer, forKey: run.id)?.cancel()
        }
    }

    /// Twelve hex digits, drawn anew for each run: ids from another server's runs (or an
    /// earlier one's) do not resume this one's.
    private static func newRunID() -> String {
        let value = UInt64.random(in: 0..<(1 << 48))
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 12 - text.count) + text
    }
}
