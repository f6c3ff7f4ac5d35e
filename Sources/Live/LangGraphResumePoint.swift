/// Where to rejoin a LangGraph run's stream, and which events of a rejoined stream are new, so
/// that nothing is lost or doubled.
///
/// The in-memory server gives every event of one millisecond the same id (`<ms>-0`) and
/// resumes with the events whose id is greater than `Last-Event-ID`, so asking from the last
/// id seen would lose the rest of its group. Instead the rejoin asks from the id before the
/// last group (or from the start, `-1`), and the events of that group already delivered are
/// skipped when they come again.
///
/// A rejoin that overlaps a run still producing events also gets some of them twice (the
/// server replays its stored events while it already forwards new ones: the same id and
/// bytes, sometimes after later ids). So on a rejoined stream an event whose id is older than
/// one delivered, or that repeats an event of its own group byte for byte, is a copy. (Two
/// identical events of one millisecond during a rejoin would count as one: the price of not
/// doubling.)
struct LangGraphResumePoint: Equatable, Sendable {
    /// The id of the group before the last one; nil while there was none.
    private(set) var beforeLastGroup: String?
    private(set) var lastGroup: String?
    /// Events of the last group delivered.
    private(set) var deliveredInLastGroup = 0
    /// Events of the last group to skip, as they come again after a rejoin.
    private var toSkip = 0
    /// Whether the stream being read is a rejoin.
    private var rejoined = false
    /// The events (name and data) of the last group delivered on this connection.
    private var seenInGroup: Set<String> = []

    /// The `Last-Event-ID` for a rejoin; "-1" replays from the start.
    var rejoinID: String { beforeLastGroup ?? "-1" }

    mutating func rejoining() {
        toSkip = deliveredInLastGroup
        deliveredInLastGroup = 0
        rejoined = true
        seenInGroup = []
    }

    /// Whether this event is new (and so to deliver); events without ids always are. `data` is
    /// made only on a rejoined stream, the one place it is compared: made for every event, it
    /// was a String of the whole payload each time.
    mutating func admit(id: String, name: String, data: @autoclosure () -> String) -> Bool {
        guard !id.isEmpty else { return true }
        if id == lastGroup {
            if toSkip > 0 {
                toSkip -= 1
                deliveredInLastGroup += 1
                return false
            }
            if rejoined, !seenInGroup.insert(name + "\n" + data()).inserted { return false }
            deliveredInLastGroup += 1
            return true
        }
        if rejoined, let lastGroup, Self.isOlder(id, than: lastGroup) { return false }
        // A later group: everything of the previous one has come again.
        toSkip = 0
        beforeLastGroup = lastGroup
        lastGroup = id
        deliveredInLastGroup = 1
        seenInGroup = rejoined ? [name + "\n" + data()] : []
        return true
    }

    /// Ids `<ms>-<sequence>` in the order the server gives them; ids of another shape are never
    /// taken as older.
    private static func isOlder(_ id: String, than other: String) -> Bool {
        guard let left = parts(id), let right = parts(other) else { return false }
        return left.ms < right.ms || (left.ms == right.ms && left.sequence < right.sequence)
    }

    private static func parts(_ id: String) -> (ms: Int, sequence: Int)? {
        let pieces = id.split(separator: "-", maxSplits: 1)
        guard pieces.count == 2, let ms = Int(pieces[0]), let sequence = Int(pieces[1]) else { return nil }
        return (ms, sequence)
    }
}
