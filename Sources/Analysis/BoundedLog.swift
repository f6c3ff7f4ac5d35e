/// A list that keeps the newest `limit` items of an endless stream, in arrival order, and
/// counts what it had to let go, so that memory stays bounded and the loss is visible.
///
/// The items are held in blocks of ``blockSize`` that are never changed once full, so that
/// copies of a log share every full block: the replay index keeps up to 64 snapshots of the
/// state, and a log that moved little between two of them (errors, diagnostics) is stored
/// about once, not once per snapshot.
public struct BoundedLog<Element: Equatable & Sendable>: Equatable, Sendable {
    static var blockSize: Int { 64 }

    public let limit: Int
    public private(set) var items = Items()
    /// Items ever appended, kept or not.
    public private(set) var total = 0

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public var dropped: Int { total - items.count }
    public var isEmpty: Bool { items.isEmpty }
    public var last: Element? { items.last }
    public var newestFirst: ReversedCollection<Items> { items.reversed() }

    /// Whether the next ``append(_:)`` lets the oldest item go.
    public var isFull: Bool { items.count == limit }

    /// Adds the newest item, letting the oldest go when there is no room. Taken, not copied:
    /// a copy would retain every reference the item holds, and release them with the original.
    public mutating func append(_ element: consuming Element) {
        total += 1
        if isFull { items.removeFirst() }
        items.append(element)
    }

    /// The kept items, oldest first. Every block but the last is full; the first may have
    /// lost items from its front, which `head` skips.
    public struct Items: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
        private var blocks: [ContiguousArray<Element>] = []
        private var head = 0
        public private(set) var count = 0

        public init() {}

        public init(arrayLiteral elements: Element...) {
            for element in elements { append(element) }
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> Element {
            precondition(position >= 0 && position < count, "BoundedLog index out of range")
            let index = head + position
            return blocks[index / BoundedLog.blockSize][index % BoundedLog.blockSize]
        }

        mutating func append(_ element: consuming Element) {
            if let last = blocks.indices.last, blocks[last].count < BoundedLog.blockSize {
                blocks[last].append(element)
            } else {
                var block = ContiguousArray<Element>()
                block.reserveCapacity(BoundedLog.blockSize)
                block.append(element)
                blocks.append(block)
            }
            count += 1
        }

        /// Drops the oldest item; a block is let go whole once its last item is.
        mutating func removeFirst() {
            head += 1
            count -= 1
            if head == blocks[0].count {
                blocks.removeFirst()
                head = 0
            }
        }

        /// Copies share their blocks, and a block both hold is equal without a look at its
        /// items: the dashboard compares its whole state before and after every action, and item
        /// by item its logs took a core at 20× replay speed, keys waiting seconds behind them.
        public static func == (lhs: Items, rhs: Items) -> Bool {
            guard lhs.count == rhs.count else { return false }
            if lhs.head == rhs.head, lhs.blocks.count == rhs.blocks.count,
               zip(lhs.blocks, rhs.blocks).allSatisfy({ Self.haveSameStorage($0, $1) }) {
                return true
            }
            return lhs.elementsEqual(rhs)
        }

        private static func haveSameStorage(_ lhs: ContiguousArray<Element>, _ rhs: ContiguousArray<Element>) -> Bool {
            lhs.withUnsafeBufferPointer { lhs in rhs.withUnsafeBufferPointer { rhs in lhs.baseAddress == rhs.baseAddress && lhs.count == rhs.count } }
        }
    }
}
