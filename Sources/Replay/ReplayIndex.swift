import Analysis
import Synchronization

/// What a replay knows about its whole log, learnt by one fast pass beside the playback:
/// periodic snapshots of the state (to seek anywhere by folding forward from the nearest
/// one), the stage boundaries, and the log's length in events and in time.
public final class ReplayIndex: Sendable {
    /// The state after the first `position` events, and where the log continues.
    public struct Snapshot: Sendable {
        public var position: Int
        public var time: Double
        /// The latest timestamp of the events before it, nil when none had one: the events'
        /// own clock, which a jump to a time seeks on.
        public var eventTime: Double?
        public var state: AnalysisState
        public var timeline: ReplayTimeline
        public var checkpoint: LogReader.Checkpoint
    }

    public struct Marker: Equatable, Sendable {
        public var position: Int
        public var time: Double
    }

    /// Snapshots are kept this far apart at first; when there are too many, every other one
    /// goes and the distance doubles, so a log of any length keeps at most `maxSnapshots`.
    /// A busy log's snapshots share little (each holds its own window of the insights and
    /// previews the state keeps): on the 1M-event log, 128 of them held 20 MB, over half the
    /// dashboard's heap. 64 halve that, and a seek still folds at most 16,384 events there
    /// (under 80 ms).
    static let initialSpacing = 4_096
    static let maxSnapshots = 64
    static let maxMarkers = 10_000

    private struct Contents {
        var snapshots: [Snapshot] = []
        var spacing = ReplayIndex.initialSpacing
        var markers: [Marker] = []
        var indexed = 0
        var total: Int?
        var duration: Double?
        var failure: String?
    }

    private let contents = Mutex(Contents())

    public init() {}

    public var total: Int? { contents.withLock(\.total) }
    public var duration: Double? { contents.withLock(\.duration) }
    /// Events indexed so far.
    public var indexed: Int { contents.withLock(\.indexed) }
    /// The states kept for seeking, at most ``maxSnapshots``.
    public var snapshotCount: Int { contents.withLock(\.snapshots.count) }
    public var isComplete: Bool { total != nil }
    /// Why the log could not be indexed, if it could not.
    public var failure: String? { contents.withLock(\.failure) }

    /// The latest snapshot at or before `position`.
    public func snapshot(atOrBefore position: Int) -> Snapshot? {
        contents.withLock { $0.snapshots.last { $0.position <= position } }
    }

    /// The latest snapshot at or before playback time `time`.
    public func snapshot(atOrBeforeTime time: Double) -> Snapshot? {
        contents.withLock { $0.snapshots.last { $0.time <= time } }
    }

    /// The latest snapshot before any event stamped after `time` (the events' clock).
    public func snapshot(atOrBeforeEventTime time: Double) -> Snapshot? {
        contents.withLock { $0.snapshots.last { ($0.eventTime ?? -.infinity) <= time } }
    }

    public func marker(after position: Int) -> Marker? {
        contents.withLock { $0.markers.first { $0.position > position } }
    }

    public func marker(before position: Int) -> Marker? {
        contents.withLock { $0.markers.last { $0.position < position } }
    }

    /// Reads the log at `path` through once, filling the index; returns when done or cancelled.
    public func build(path: String, maxIdle: Double?) async {
        do {
            let reader = try LogReader(path: path)
            var state = AnalysisState()
            var timeline = ReplayTimeline(maxIdle: maxIdle)
            var position = 0
            var eventTime: Double?
            while let (checkpoint, items) = try reader.nextChunk() {
                if Task.isCancelled { return }
                record(Snapshot(position: position, time: timeline.now, eventTime: eventTime, state: state, timeline: timeline, checkpoint: checkpoint))
                var markers: [Marker] = []
                // Read in place: a copy of each item would retain and release every string in it.
                items.withUnsafeBufferPointer { items in
                    for index in items.indices {
                        let time = timeline.place(items[index])
                        if case .stageStarted = items[index].event.kind { markers.append(Marker(position: position, time: time)) }
                        if let stamp = items[index].event.timestamp?.seconds { eventTime = max(stamp, eventTime ?? stamp) }
                        state.reduce(items[index].event)
                        position += 1
                    }
                }
                let indexed = position
                contents.withLock { contents in
                    contents.indexed = indexed
                    contents.markers += markers.prefix(max(0, Self.maxMarkers - contents.markers.count))
                }
                await Task.yield()
            }
            let (total, duration) = (position, timeline.now)
            contents.withLock {
                $0.total = total
                $0.duration = duration
            }
        } catch {
            contents.withLock { $0.failure = error.description }
        }
    }

    private func record(_ snapshot: Snapshot) {
        contents.withLock { contents in
            if let last = contents.snapshots.last, snapshot.position - last.position < contents.spacing { return }
            contents.snapshots.append(snapshot)
            if contents.snapshots.count > Self.maxSnapshots {
                contents.snapshots = contents.snapshots.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
                contents.spacing *= 2
            }
        }
    }
}
