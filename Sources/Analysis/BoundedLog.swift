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

    public mutating func append(_ element: Element) {
        total += 1
        if items.count == limit { items.removeFirst() }
        items.append(element)
    }
}
