/// Lays the supersteps of a run end to end on one simulated clock, and orders each step's
/// events by what they say, never by how the engine's tasks happened to be scheduled.
///
/// Nodes of one step run concurrently, so their events arrive interleaved in an order that
/// changes from run to run. Each node stamps its events with times on its own clock, which
/// starts with its step. A step's events are held until the step is over (the engine streams
/// a step's values only after all its nodes have returned), then released sorted by
/// (time, lane, sequence): a total order fixed by the events themselves. As in the engine, a
/// step is a barrier: the next one begins when its slowest node ends.
struct SimulatedTimeline {
    /// Milliseconds from the start of the run to the start of the open step.
    private(set) var stepStart = 0
    private var stepEvents: [TimedEvent] = []

    mutating func add(_ event: TimedEvent) {
        stepEvents.append(event)
    }

    /// Ends the open step: its events in order, timed from the start of the run.
    mutating func closeStep() -> [TimedEvent] {
        let start = stepStart
        let ordered = stepEvents.sorted { ($0.at, $0.lane, $0.sequence) < ($1.at, $1.lane, $1.sequence) }
        stepEvents.removeAll()
        stepStart += ordered.last?.at ?? 0
        return ordered.map { event in
            var placed = event
            placed.at += start
            return placed
        }
    }
}
