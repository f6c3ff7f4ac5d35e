/// Events a second over the last minute, one count per whole second of the wall clock, moved
/// on by ticks: what the header's sparkline draws and the rate beside it says.
///
/// A tick only learns how many events came since the last one, not when: they are spread
/// evenly over the time between the two ticks, so a late or skipped tick gives its seconds
/// their share (or none, when nothing came) rather than one second all of them.
public struct EventRate: Equatable, Sendable {
    /// Seconds the history covers.
    public static let window = 60

    /// Events in each of the last `window` whole seconds, oldest first.
    public var history: ArraySlice<Double> { counts.prefix(Self.window) }
    /// Events in the last whole second: the sparkline's newest cell.
    public var perSecond: Double { counts[Self.window - 1] }

    /// The history, then the second now running (still filling).
    private var counts = [Double](repeating: 0, count: window + 1)
    /// The whole second (of the wall clock) that the last count is for.
    private var second = 0
    private var countAtLastTick = 0
    private var lastTick: Double?

    public init() {}

    mutating func tick(now: Double, total: Int) {
        let since = lastTick
        let added = Double(max(0, total - countAtLastTick))
        lastTick = now
        countAtLastTick = total
        // Seconds since 1970 from a clock; anything else (or the clock going back) starts afresh.
        guard now.isFinite, abs(now) < 1e15 else { return restart(at: 0) }
        let current = Int(now.rounded(.down))
        guard let since, since.isFinite, since <= now else { return restart(at: current) }
        advance(to: current)
        guard added > 0 else { return }
        guard now > since else {
            counts[Self.window] += added
            return
        }
        let oldest = current - Self.window
        var whole = Int(max(since, Double(oldest)).rounded(.down))
        while Double(whole) < now, whole <= current {
            let overlap = min(now, Double(whole + 1)) - max(since, Double(whole))
            counts[whole - oldest] += added * overlap / (now - since)
            whole += 1
        }
    }

    /// The count of events jumped without arriving (a replay moved elsewhere): the next tick
    /// counts from it, so that a seek is no burst of events.
    mutating func rebase(total: Int) {
        countAtLastTick = total
    }

    private mutating func restart(at second: Int) {
        counts = [Double](repeating: 0, count: Self.window + 1)
        self.second = second
    }

    /// Moves the history on to `current`: the seconds passed since join it, empty so far.
    private mutating func advance(to current: Int) {
        let passed = current - second
        guard passed > 0 else { return }
        if passed > Self.window {
            counts = [Double](repeating: 0, count: Self.window + 1)
        } else {
            counts.removeFirst(passed)
            counts += repeatElement(0, count: passed)
        }
        second = current
    }
}
