/// A program the terminal runs, in the Elm style: actions in, effects out, a grid drawn from
/// its state. The dashboard of one stream (``DashboardApp``) is one; the list of a
/// deployment's threads, which opens a dashboard on one of them (``RunsApp``), is another.
public protocol TerminalApp: Sendable {
    /// Applies one action; returns what the runtime should do about it.
    mutating func send(_ action: Action) -> [Effect]
    /// The whole screen for the current state.
    func render(_ size: Size) -> Grid
    /// Changes whenever what `render` draws would change, and only then.
    var frame: Int { get }
    /// Whether the terminal should report the mouse; the runtime follows it after every action.
    var capturesMouse: Bool { get }
}
