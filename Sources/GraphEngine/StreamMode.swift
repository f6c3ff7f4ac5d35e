/// Which parts of a run a stream carries.
public enum StreamMode: Hashable, Sendable, CaseIterable {
    /// The whole state, once before the first step and after every step.
    case values
    /// Each node's update, tagged with the node's name, after every step.
    case updates
    /// The events nodes emit through their `StreamWriter`, as they emit them.
    case custom
}
