/// What the mouse did, as the terminal layer decoded it, at a cell of the screen.
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The left button went down.
        case press
        case wheelUp, wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int
    /// Monotonic seconds: two presses close together on one item are a double click.
    public var at: Double

    public init(_ kind: Kind, x: Int, y: Int, at: Double) {
        self.kind = kind
        self.x = x
        self.y = y
        self.at = at
    }
}
