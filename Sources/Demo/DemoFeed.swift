import Analysis
import Feeds

/// The demo pipeline as a feed: each event is made by the engine when the reader asks for the
/// next one, paced by the options' speed. It reports `streaming` first and `completed` at the
/// end, as a server's stream would.
public struct DemoFeed: Feed {
    public let pipeline: DemoPipeline

    public init(_ options: DemoOptions) {
        pipeline = DemoPipeline(options)
    }

    public var source: String { "demo" }
    public var startedAt: Timestamp { pipeline.options.startTime }

    public func elements() -> FeedElements {
        FeedElements(pull: { [pipeline] in
            let run = RunBox(pipeline.events().makeAsyncIterator(), shape: pipeline.pipelineShape)
            return { await run.next() }
        })
    }

    public func send(_ command: FeedCommand) {}
}

/// One iteration of the demo: its graph and a status first, the engine's events, then the end.
private final class RunBox {
    private enum Phase { case shaping, starting, running, ending, done }

    private var events: DemoRun.Iterator
    private var phase = Phase.shaping
    private let shape: PipelineShape
    /// Events are numbered by their line in the run's recording (the header is line 1), as a
    /// live feed numbers them, so that a replay of the recording names the same lines.
    private var line = 1

    init(_ events: DemoRun.Iterator, shape: PipelineShape) {
        self.events = events
        self.shape = shape
    }

    func next() async -> FeedElement? {
        switch phase {
        case .shaping:
            phase = .starting
            return .pipeline(shape)
        case .starting:
            phase = .running
            return .connection(.streaming)
        case .running:
            if var event = await events.next() {
                line += 1
                event.line = line
                return .items([FeedItem(event: event)])
            }
            // Cancelled: the reader has gone, and the run did not complete.
            guard !Task.isCancelled else { return nil }
            phase = .ending
            return .connection(.completed)
        case .ending:
            phase = .done
            return .end(.finished)
        case .done:
            return nil
        }
    }
}
