import Analysis

/// The dashboard as a program in the Elm style: a state, an update that turns actions into a
/// new state and effects, and a view that draws the state into a grid. It never touches a
/// terminal; the `Terminal` target runs it.
public struct DashboardApp: TerminalApp {
    public private(set) var state: AppState

    public init(state: AppState) {
        self.state = state
    }

    /// Applies one action; returns what the runtime should do about it.
    public mutating func send(_ action: Action) -> [Effect] {
        AppReducer.reduce(&state, action)
    }

    /// The whole screen for the current state.
    public func render(_ size: Size) -> Grid {
        DashboardView.render(state, size: size)
    }

    /// Changes whenever what `render` draws at the state's size would change, and only then
    /// (a tick that leaves every text on screen as it was is no change); the runtime redraws
    /// only then, or when the screen's size changed.
    public var frame: Int { state.version }

    public var capturesMouse: Bool { state.capturesMouse }
}
