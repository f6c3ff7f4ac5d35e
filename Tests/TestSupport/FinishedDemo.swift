import Analysis
import Demo

/// The state at the end of a demo run, as fast as it goes (speed 0: nothing waits), and the
/// pipeline it ran on.
public func finishedDemo(_ options: DemoOptions = DemoOptions(speed: 0)) async -> (state: AnalysisState, pipeline: PipelineShape) {
    var options = options
    options.speed = 0
    let pipeline = DemoPipeline(options)
    var state = AnalysisState()
    for await event in pipeline.events() { state.reduce(event) }
    return (state, pipeline.pipelineShape)
}
