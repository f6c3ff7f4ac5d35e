import Analysis
import GraphEngine

/// The seed's competitive-analysis pipeline, run in process on `GraphEngine` with a
/// deterministic fake search: plan the queries → research each competitor (a parallel branch
/// each) → analyse each competitor's findings → synthesise the report.
///
/// The same options always give the same events, timestamps included, at any speed.
///
/// ```swift
/// var state = AnalysisState()
/// for await event in DemoPipeline(DemoOptions(focusArea: "robotics", speed: 2)).events() {
///     state.reduce(event)
/// }
/// ```
public struct DemoPipeline: Sendable {
    public let options: DemoOptions
    private let graph: CompiledGraph<PipelineState, TimedEvent>

    public init(_ options: DemoOptions = DemoOptions()) {
        self.options = options
        graph = AnalysisGraph.compile(options)
    }

    /// The pipeline's nodes and edges.
    public var shape: GraphShape { graph.shape }

    /// The same, as the dashboard and the report draw it.
    public var pipelineShape: PipelineShape {
        PipelineShape(
            nodes: shape.nodes,
            edges: shape.edges.map { PipelineShape.Edge(source: $0.source, target: $0.target, conditional: $0.conditional) })
    }

    /// The run's events, each released when its time comes on the continuous clock.
    public func events() -> DemoRun {
        events(pacedBy: ContinuousClock())
    }

    /// The run's events, each released when its time comes on `clock`: simulated time runs
    /// `options.speed` times as fast as the clock, from the moment iteration begins.
    public func events<C: Clock>(pacedBy clock: C) -> DemoRun where C.Duration == Duration {
        let speed = options.speed
        let sequencer = EventSequencer(
            identity: RunIdentity(seed: options.seed), startTime: options.startTime,
            competitorCount: options.competitors.count)
        return DemoRun(graph: graph, sequencer: sequencer) { Pacer(clock: clock, speed: speed) }
    }
}
