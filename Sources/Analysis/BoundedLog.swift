import DequeModule

/// A list that keeps the newest `limit` items of an endless stream, in arrival order, and
/// counts what it had to let go, so that memory stays bounded and the loss is visible.
public struct BoundedLog<Element: Equatable & Sendable>: Equatable, Sendable {
    public let limit: Int
    public private(set) var items: Deque<Element> = []
    /// Items ever appended, kept or not.
    public private(set) var total = 0

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public var dropped: Int { total - items.count }
    public var isEmpty: Bool { items.isEmpty }
    public var last: Element? { items.last }
    public var newestFirst: ReversedCollection<Deque<Element>> { items.reversed() }

    /// Adds the newest item; returns the oldest one if it had to go to make room.
    @discardableResult
    public mutating func append(_ element: Element) -> Element? {
        total += 1
        let dropped = items.count == limit ? items.removeFirst() : nil
        items.append(element)
        return dropped
    }
}
