import Analysis

/// What a live feed reports, in order.
public enum FeedUpdate: Equatable, Sendable {
    /// Items as they arrived, a batch per read from the network (so that a busy stream costs
    /// one wake-up per read, not per event). Every item is to be reduced, in order: decoded
    /// events, and diagnostics (events with no wire form, such as an event too large to keep).
    case items([ReplayItem])
    /// The connection's state changed; the header shows the latest.
    case status(ConnectionStatus)
    /// One line on what happened to the connection (why it dropped, where the batch result
    /// comes from), for the user: neither reduced nor recorded.
    case notice(String)
}
