/// A router run after `source`: the state decides where the run goes next.
struct ConditionalEdge<State: Sendable>: Sendable {
    typealias Router = @Sendable (State) async throws -> [Goto<State>]

    let source: String
    let route: Router
    /// Where the router may go; nil when it did not say, so anywhere.
    let destinations: Set<String>?
}
