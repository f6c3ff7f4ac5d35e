import Analysis
import Feeds

/// Plays a recorded stream the way a video player does: at the recorded pace times `speed`,
/// with pause, step, speed changes, seeks by time, by fraction and by stage, and looping.
///
/// The log is read streaming, never whole. A seek rebuilds the state exactly as a forward
/// replay would: it starts from the index's nearest snapshot and folds the events between
/// with the same reducer. Time comes from an injected clock, so tests never sleep.
public actor ReplayPlayer<C: Clock> where C.Duration == Duration {
    public struct Options: Equatable, Sendable {
        /// 1 plays at the recorded pace; 0 as fast as possible.
        public var speed: Double
        /// Pauses in the log longer than this many seconds are shortened to it.
        public var maxIdle: Double?
        public var loop: Bool
        public var startPaused: Bool
        /// At the end of the log (not looping), wait there for commands, as a player on screen
        /// does; otherwise the run returns.
        public var holdsAtEnd: Bool

        public init(speed: Double = 1, maxIdle: Double? = nil, loop: Bool = false, startPaused: Bool = false, holdsAtEnd: Bool = true) {
            self.speed = speed
            self.maxIdle = maxIdle
            self.loop = loop
            self.startPaused = startPaused
            self.holdsAtEnd = holdsAtEnd
        }
    }

    /// Hands one element on; false when nobody reads any more.
    public typealias Emit = @Sendable (FeedElement) async -> Bool

    /// Events released at once at most, so that a fast replay still answers commands.
    static var batchLimit: Int { 4_096 }
    /// Events kept for the event log after a seek.
    static var recentLimit: Int { 1_000 }

    /// The log's header, when it is a streamtop recording.
    public nonisolated let header: Recording.Header?
    private let path: String
    private let clock: C
    private let commands: CommandInbox<PlaybackCommand>
    private let holdsAtEnd: Bool
    private let index: ReplayIndex
    private let seekable: Bool
    private var reader: LogReader
    private var buffer: [FeedItem] = []
    private var bufferIndex = 0
    /// The playback time of `buffer[bufferIndex]`, once placed on the timeline.
    private var nextTime: Double?
    private var timeline: ReplayTimeline
    private var status: PlaybackStatus
    /// Playback time `time` was due at clock instant `instant`; moved on every resume, seek
    /// and speed change.
    private var anchor: (instant: C.Instant, time: Double)
    /// The status last handed out, so that an unchanged one is not sent again.
    private var reported: PlaybackStatus?
    /// What this turn of the loop has to hand out; emitted before the loop waits or goes on.
    private var outbox: [FeedElement] = []

    /// `index` may come already built (tests do that); otherwise the player builds it while
    /// it plays. Commands are read from `commands`, in the order they were sent.
    public init(
        path: String, options: Options, clock: C, commands: CommandInbox<PlaybackCommand> = CommandInbox(),
        index: ReplayIndex = ReplayIndex()
    ) throws(InputError) {
        self.path = path
        self.clock = clock
        self.commands = commands
        self.index = index
        holdsAtEnd = options.holdsAtEnd
        reader = try LogReader(path: path)
        header = reader.header
        seekable = InputFile.canBeReadAgain(path: path)
        timeline = ReplayTimeline(maxIdle: options.maxIdle)
        status = PlaybackStatus(speed: options.speed, isPaused: options.startPaused, isLooping: options.loop)
        anchor = (clock.now, 0)
    }

    /// Plays until the task is cancelled or `emit` says nobody reads any more (or, when it does
    /// not hold at the end, until the log has played), handing out everything that happens.
    public func run(emit: Emit) async {
        // Once the log's length is known, a waiting player wakes to show it.
        let indexing = seekable && !index.isComplete
            ? Task.detached { [index, path, commands, maxIdle = timeline.maxIdle] in
                await index.build(path: path, maxIdle: maxIdle)
                commands.wake()
            }
            : nil
        defer { indexing?.cancel() }
        anchor = (clock.now, 0)
        while !Task.isCancelled {
            applyCommands()
            refreshLength()
            report()
            guard await flush(emit) else { return }
            if status.hasEnded, !holdsAtEnd { return }
            if status.isPaused || status.hasEnded {
                await waitForCommand(until: nil)
                continue
            }
            guard let time = peekTime() else {
                if status.isLooping {
                    seek(to: 0)
                } else {
                    status.hasEnded = true
                }
                continue
            }
            if status.speed > 0, let deadline = deadline(for: time), deadline > clock.now {
                await waitForCommand(until: deadline)
                continue
            }
            outbox.append(.items(takeDueEvents()))
            report()
            guard await flush(emit) else { return }
            if status.speed == 0 { await Task.yield() }
        }
    }

    /// Emits what this turn produced, in order; false when nobody reads any more.
    private func flush(_ emit: Emit) async -> Bool {
        let elements = outbox
        outbox = []
        for element in elements {
            guard await emit(element) else { return false }
        }
        return true
    }

    private func report() {
        guard status != reported else { return }
        reported = status
        outbox.append(.playback(status))
    }

    // MARK: - Playing

    private func deadline(for time: Double) -> C.Instant? {
        anchor.instant.advanced(by: .seconds((time - anchor.time) / status.speed))
    }

    /// The next item's playback time, reading on when the buffer is empty; nil at the end.
    private func peekTime() -> Double? {
        if let nextTime { return nextTime }
        while bufferIndex == buffer.count {
            do {
                guard let items = try reader.nextItems() else { return nil }
                buffer = items
                bufferIndex = 0
            } catch {
                buffer = [FeedItem(event: AnalysisEvent(.malformed(reason: error.description)), wire: nil)]
                bufferIndex = 0
            }
        }
        nextTime = timeline.place(buffer[bufferIndex])
        return nextTime
    }

    /// Takes the next item, which `peekTime` has placed.
    private func take() -> FeedItem {
        defer {
            bufferIndex += 1
            nextTime = nil
        }
        status.time = nextTime ?? status.time
        status.position += 1
        return buffer[bufferIndex]
    }

    /// Every item that is due now (all of them, up to a batch, when playing as fast as
    /// possible), so that a busy log costs one output per wake-up.
    private func takeDueEvents() -> [FeedItem] {
        var items: [FeedItem] = []
        let now = clock.now
        while items.count < Self.batchLimit, let time = peekTime() {
            if status.speed > 0, let deadline = deadline(for: time), deadline > now, !items.isEmpty { break }
            items.append(take())
        }
        return items
    }

    private func refreshLength() {
        if status.total == nil, let total = index.total {
            status.total = total
            status.duration = index.duration
        }
    }

    /// Sleeps until `deadline` (or indefinitely), waking early when a command arrives, the
    /// index is done, or the task is cancelled.
    private func waitForCommand(until deadline: C.Instant?) async {
        let (clock, commands) = (clock, commands)
        let until = deadline ?? clock.now.advanced(by: .seconds(365 * 86_400))
        await commands.waitForMail(orAfter: { try await clock.sleep(until: until, tolerance: nil) })
    }

    // MARK: - Commands

    private func applyCommands() {
        for command in commands.takeAll() {
            switch command {
            case .togglePause:
                if status.hasEnded {
                    seek(to: 0)
                    status.isPaused = false
                } else {
                    status.isPaused.toggle()
                }
                restartClock()
            case .step(let count) where count > 0:
                status.isPaused = true
                var items: [FeedItem] = []
                while items.count < count, peekTime() != nil { items.append(take()) }
                if !items.isEmpty { outbox.append(.items(items)) }
                restartClock()
            case .step(let count):
                status.isPaused = true
                seek(to: status.position + count)
            case .faster:
                status.speed = status.speed == 0 ? SpeedLadder.speeds.last! : SpeedLadder.faster(than: status.speed)
                restartClock()
            case .slower:
                status.speed = SpeedLadder.slower(than: status.speed == 0 ? .infinity : status.speed)
                restartClock()
            case .normalSpeed:
                status.speed = 1
                restartClock()
            case .seek(let seconds):
                seek(toTime: status.time + seconds)
            case .seekFraction(let fraction):
                guard let total = knownLength() else { continue }
                seek(to: status.position + Int((fraction * Double(total)).rounded()))
            case .jump(let fraction):
                guard let total = knownLength() else { continue }
                seek(to: Int((fraction * Double(total)).rounded()))
            case .jumpToTime(let time):
                seek(toEventTime: time)
            case .previousMarker:
                // A marker just passed counts as the current stage: go to the one before it.
                seek(to: index.marker(before: max(0, status.position - 1))?.position ?? 0)
            case .nextMarker:
                if let marker = index.marker(after: status.position) {
                    seek(to: marker.position)
                } else {
                    outbox.append(.notice(index.isComplete ? "no later stage in this log" : "still reading the log; no later stage found yet", isError: false))
                }
            case .toggleLoop:
                status.isLooping.toggle()
            }
        }
    }

    private func knownLength() -> Int? {
        refreshLength()
        guard let total = status.total else {
            outbox.append(.notice("still reading the log (\(index.indexed) events so far); try again in a moment", isError: false))
            return nil
        }
        return total
    }

    /// Playback continues from now at the current time and speed.
    private func restartClock() {
        anchor = (clock.now, status.time)
    }

    // MARK: - Seeking

    /// Goes to just before event `target` (0 is the start), rebuilding the state.
    private func seek(to target: Int) {
        let target = max(0, min(target, status.total ?? Int.max))
        rebuild(from: index.snapshot(atOrBefore: target), playhead: nil) { position, _, _ in position < target }
    }

    /// Goes to `time` on the events' own clock: every event up to the first stamped after it
    /// has played, so the state is the last event's at or before it. A time before the log's
    /// first event goes to its start, one after its last to its end.
    private func seek(toEventTime time: Double) {
        rebuild(from: index.snapshot(atOrBeforeEventTime: time), playhead: nil) { _, _, stamp in (stamp ?? -.infinity) <= time }
    }

    /// Goes to playback time `time`: every event up to it, that instant included, has played.
    private func seek(toTime time: Double) {
        let target = max(0, time)
        rebuild(from: index.snapshot(atOrBeforeTime: target), playhead: target) { _, nextTime, _ in nextTime <= target }
    }

    /// Restarts reading at a snapshot before the target (or at the start of the log) and
    /// folds events while `isBefore` says the target is not reached (given the next event's
    /// position, playback time and timestamp); then tells the
    /// dashboard the state to show. The playhead ends at `playhead` (a time seek lands
    /// between events), else at the last event folded.
    private func rebuild(
        from start: ReplayIndex.Snapshot?, playhead: Double?,
        while isBefore: (_ position: Int, _ nextTime: Double, _ nextStamp: Double?) -> Bool
    ) {
        guard seekable else {
            outbox.append(.notice("seeking needs a file: standard input or a pipe plays once, forwards", isError: false))
            return
        }
        do {
            if let start {
                reader = try LogReader(path: path, resumingAt: start.checkpoint)
            } else {
                reader = try LogReader(path: path)
            }
        } catch {
            outbox.append(.notice("cannot seek: \(error.description)", isError: true))
            return
        }
        var state = start?.state ?? AnalysisState()
        timeline = start?.timeline ?? ReplayTimeline(maxIdle: timeline.maxIdle)
        status.position = start?.position ?? 0
        status.time = start?.time ?? 0
        buffer = []
        bufferIndex = 0
        nextTime = nil
        var recent = BoundedLog<AnalysisEvent>(limit: Self.recentLimit)
        while let time = peekTime(), isBefore(status.position, time, buffer[bufferIndex].event.timestamp?.seconds) {
            let event = take().event
            state.reduce(event)
            recent.append(event)
        }
        if let playhead { status.time = playhead }
        status.hasEnded = false
        restartClock()
        outbox.append(.snapshot(state, recent: Array(recent.items)))
        report()
    }
}
