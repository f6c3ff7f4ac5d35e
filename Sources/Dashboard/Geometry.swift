/// A terminal size in cells.
public struct Size: Equatable, Hashable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
}

/// A rectangle of cells; never negative in size, whatever it is cut from.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(_ size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    public var isEmpty: Bool { width == 0 || height == 0 }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    public func contains(_ column: Int, _ row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }

    /// The rectangle less `count` cells on every side.
    public func inset(by count: Int) -> Rect {
        Rect(x: x + count, y: y + count, width: width - 2 * count, height: height - 2 * count)
    }

    /// Cuts `height` rows off the top: (those rows, the rest).
    public func splitTop(_ height: Int) -> (top: Rect, rest: Rect) {
        let taken = min(max(0, height), self.height)
        return (Rect(x: x, y: y, width: width, height: taken), Rect(x: x, y: y + taken, width: width, height: self.height - taken))
    }

    /// Cuts `height` rows off the bottom: (the rest, those rows).
    public func splitBottom(_ height: Int) -> (rest: Rect, bottom: Rect) {
        let taken = min(max(0, height), self.height)
        return (Rect(x: x, y: y, width: width, height: self.height - taken), Rect(x: x, y: maxY - taken, width: width, height: taken))
    }

    /// Cuts `width` columns off the left: (those columns, the rest).
    public func splitLeft(_ width: Int) -> (left: Rect, rest: Rect) {
        let taken = min(max(0, width), self.width)
        return (Rect(x: x, y: y, width: taken, height: height), Rect(x: x + taken, y: y, width: self.width - taken, height: height))
    }

    /// Divides the rows among parts in proportion to `weights`, each part getting at least
    /// `minimum` rows while there are rows to give; the parts tile the rectangle exactly.
    public func splitRows(weights: [Int], minimum: Int = 0) -> [Rect] {
        let sizes = Self.distribute(height, weights: weights, minimum: minimum)
        var top = y
        return sizes.map { size in
            defer { top += size }
            return Rect(x: x, y: top, width: width, height: size)
        }
    }

    /// Divides `total` among `weights` exactly: minimums first, the rest by weight, the
    /// remainder to the first parts.
    static func distribute(_ total: Int, weights: [Int], minimum: Int) -> [Int] {
        guard !weights.isEmpty else { return [] }
        let floor = min(minimum, total / weights.count)
        var sizes = [Int](repeating: floor, count: weights.count)
        var left = total - floor * weights.count
        let weightSum = max(1, weights.reduce(0) { $0 + max(0, $1) })
        let shares = weights.map { left * max(0, $0) / weightSum }
        for index in sizes.indices { sizes[index] += shares[index] }
        left -= shares.reduce(0, +)
        var index = 0
        while left > 0 {
            sizes[index % sizes.count] += 1
            left -= 1
            index += 1
        }
        return sizes
    }
}
