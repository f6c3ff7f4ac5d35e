/// What a node knows about the run it is part of.
public struct RunContext<Custom: Sendable>: Sendable {
    /// The name of the running node.
    public let node: String
    /// The superstep, counted from 1.
    public let step: Int
    /// Emits custom events into the run's stream.
    public let writer: StreamWriter<Custom>
}
