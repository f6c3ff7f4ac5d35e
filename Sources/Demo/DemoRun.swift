import Analysis
import GraphEngine

/// The events of a demo run, in order, each released when its simulated time comes due.
///
/// Each iteration runs the analysis afresh, with the same events every time. Iteration ends
/// after `analysis_completed`, or after an `error` event if the engine fails. It ends at
/// once, with nothing more (not even events already made), when the iterating task is
/// cancelled; that, or dropping the iterator, cancels the graph.
public struct DemoRun: AsyncSequence, Sendable {
    public typealias Element = AnalysisEvent

    let graph: CompiledGraph<PipelineState, TimedEvent>
    let sequencer: EventSequencer
    let makePacer: @Sendable () -> Pacer

    public func makeAsyncIterator() -> Iterator {
        let run = graph.stream(PipelineState(), modes: [.custom, .values])
        return Iterator(parts: run.makeAsyncIterator(), sequencer: sequencer, pacer: makePacer())
    }

    /// Reads the run's events in order.
    public struct Iterator: AsyncIteratorProtocol {
        /// Nil once the graph has nothing more to say; dropping it cancels the graph.
        private var parts: GraphRun<PipelineState, TimedEvent>.Iterator?
        private var sequencer: EventSequencer
        private let pacer: Pacer
        private var due: [ScheduledEvent] = []
        private var released = 0

        init(parts: GraphRun<PipelineState, TimedEvent>.Iterator, sequencer: EventSequencer, pacer: Pacer) {
            self.parts = parts
            self.sequencer = sequencer
            self.pacer = pacer
        }

        public mutating func next() async -> AnalysisEvent? {
            while !Task.isCancelled {
                if released < due.count {
                    let scheduled = due[released]
                    released += 1
                    do {
                        try await pacer.wait(untilMillisecond: scheduled.at)
                    } catch {
                        break  // cancelled while waiting
                    }
                    guard !Task.isCancelled else { break }
                    return scheduled.event
                }
                guard let part = await parts?.next() else { break }
                switch part {
                case .custom(_, let event):
                    sequencer.add(event)
                case .values:
                    // Streamed once all of a step's nodes have returned: the step is over.
                    due = sequencer.closeStep()
                    released = 0
                case .error(let error):
                    due = sequencer.fail(error)
                    released = 0
                    parts = nil
                case .updates:
                    break
                }
            }
            parts = nil
            due = []
            return nil
        }
    }
}
