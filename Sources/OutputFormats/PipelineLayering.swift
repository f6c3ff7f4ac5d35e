import Analysis

/// A pipeline's nodes sorted into layers from the top, as a graph is drawn top to bottom: each
/// node one layer below the longest path that reaches it from a node nothing leads to, edges
/// that close a loop set aside (so that layering ends on graphs that loop), and every edge
/// that spans layers cut into one-layer steps through waypoints, which the drawing draws as a
/// line passing through. Within a layer, nodes are ordered by the barycentre of their
/// neighbours to keep edges from crossing.
///
/// Drawn every frame, so its work is bounded whatever the graph: only the layers a drawing
/// can show are laid out (`layerLimit`), and edges past ``waypointBudget`` waypoints are not
/// routed (`unroutedEdges` counts them).
public struct PipelineLayering: Equatable, Sendable {
    /// A place in a layer: a node of the shape, or a waypoint of a long edge.
    public enum Item: Equatable, Hashable, Sendable {
        /// An index into `nodes`.
        case node(Int)
        /// The `step`-th waypoint of the edge `edges[edge]`.
        case waypoint(edge: Int, step: Int)
    }

    /// An edge between adjacent layers: from `layers[l][source]` to `layers[l + 1][target]`.
    public struct Step: Equatable, Sendable {
        public var source: Int
        public var target: Int
        public var conditional: Bool
    }

    /// The shape's nodes, then any node that only an edge names.
    public let nodes: [String]
    /// The edges that go down, without repeats (a pair that is plain once is plain).
    public let edges: [PipelineShape.Edge]
    /// The edges that close loops, drawn as a note: not part of any layer's steps.
    public let loops: [PipelineShape.Edge]
    /// From the top: the items of each layer, left to right.
    public private(set) var layers: [[Item]]
    /// `steps[l]`: the edges from layer `l` to layer `l + 1`.
    public private(set) var steps: [[Step]]
    /// Nodes below the layers laid out.
    public let nodesBelowLimit: Int
    /// Edges left out: they would have taken more waypoints than the budget had left.
    public let unroutedEdges: Int

    /// Waypoints enough for any graph that can be read on a screen.
    public static let waypointBudget = 2_000

    /// Sweeps of the barycentre ordering: down, up, down, up; enough for the graphs
    /// pipelines have, and a bounded cost for any graph.
    private static let orderingSweeps = 4

    /// `layerLimit`: how many layers from the top to lay out; no drawing shows more than one
    /// for every two rows.
    public init(_ shape: PipelineShape, layerLimit: Int = .max) {
        let nodes = shape.everyNode
        let number = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        var pairs: [(source: Int, target: Int, conditional: Bool)] = []
        var pairIndex: [SIMD2<Int>: Int] = [:]
        for edge in shape.edges {
            guard let source = number[edge.source], let target = number[edge.target] else { continue }
            let key = SIMD2(source, target)
            if let known = pairIndex[key] {
                pairs[known].conditional = pairs[known].conditional && edge.conditional
            } else {
                pairIndex[key] = pairs.count
                pairs.append((source, target, edge.conditional))
            }
        }
        self.nodes = nodes

        let closing = Self.loopClosing(pairs.map { ($0.source, $0.target) }, nodeCount: nodes.count)
        var down: [PipelineShape.Edge] = []
        var downPairs: [(source: Int, target: Int, conditional: Bool)] = []
        var loops: [PipelineShape.Edge] = []
        for (index, pair) in pairs.enumerated() {
            let edge = PipelineShape.Edge(source: nodes[pair.source], target: nodes[pair.target], conditional: pair.conditional)
            if closing.contains(index) {
                loops.append(edge)
            } else {
                down.append(edge)
                downPairs.append(pair)
            }
        }
        edges = down
        self.loops = loops

        let layerOf = Self.longestPathLayers(downPairs.map { ($0.source, $0.target) }, nodeCount: nodes.count)
        let layerCount = min(max(0, layerLimit), (layerOf.max() ?? -1) + 1)
        var layers = [[Item]](repeating: [], count: layerCount)
        for node in nodes.indices where layerOf[node] < layerCount { layers[layerOf[node]].append(.node(node)) }
        nodesBelowLimit = nodes.count - layers.reduce(0) { $0 + $1.count }
        var steps = [[(source: Item, target: Item, conditional: Bool)]](repeating: [], count: max(0, layerCount - 1))
        var budget = Self.waypointBudget
        var unrouted = 0
        for (index, pair) in downPairs.enumerated() {
            let top = layerOf[pair.source]
            let bottom = layerOf[pair.target]
            guard bottom < layerCount else { continue }
            guard bottom - top - 1 <= budget else {
                unrouted += 1
                continue
            }
            budget -= bottom - top - 1
            var previous = Item.node(pair.source)
            for layer in top + 1..<bottom {
                let waypoint = Item.waypoint(edge: index, step: layer - top)
                layers[layer].append(waypoint)
                steps[layer - 1].append((previous, waypoint, pair.conditional))
                previous = waypoint
            }
            steps[bottom - 1].append((previous, .node(pair.target), pair.conditional))
        }
        unroutedEdges = unrouted
        self.layers = layers
        self.steps = []
        order(by: steps)
    }

    /// The items above (`up`) or below an item, as positions in the adjacent layer.
    private func neighbours(_ links: [[(source: Item, target: Item, conditional: Bool)]], layer: Int, up: Bool) -> [Item: [Int]] {
        var position: [Item: Int] = [:]
        for (index, item) in layers[up ? layer - 1 : layer + 1].enumerated() { position[item] = index }
        var found: [Item: [Int]] = [:]
        for link in links[up ? layer - 1 : layer] {
            if up, let above = position[link.source] { found[link.target, default: []].append(above) }
            if !up, let below = position[link.target] { found[link.source, default: []].append(below) }
        }
        return found
    }

    /// Orders each layer by the mean position of each item's neighbours in the layer swept
    /// from; an item without any keeps its place. Then numbers the steps by position.
    private mutating func order(by links: [[(source: Item, target: Item, conditional: Bool)]]) {
        if layers.count > 1 {
            for sweep in 0..<Self.orderingSweeps {
                let downward = sweep.isMultiple(of: 2)
                let sequence = downward ? Array(1..<layers.count) : Array((0..<layers.count - 1).reversed())
                for layer in sequence {
                    let around = neighbours(links, layer: layer, up: downward)
                    let keyed = layers[layer].enumerated().map { index, item -> (key: Double, index: Int, item: Item) in
                        guard let positions = around[item], !positions.isEmpty else { return (Double(index), index, item) }
                        return (Double(positions.reduce(0, +)) / Double(positions.count), index, item)
                    }
                    layers[layer] = keyed.sorted { ($0.key, $0.index) < ($1.key, $1.index) }.map(\.item)
                }
            }
        }
        steps = links.enumerated().map { layer, stepLinks in
            var above: [Item: Int] = [:]
            var below: [Item: Int] = [:]
            for (index, item) in layers[layer].enumerated() { above[item] = index }
            for (index, item) in layers[layer + 1].enumerated() { below[item] = index }
            return stepLinks.compactMap { link in
                guard let source = above[link.source], let target = below[link.target] else { return nil }
                return Step(source: source, target: target, conditional: link.conditional)
            }
        }
    }

    /// The edges (by index) that close a loop: those that reach back to a node on the path
    /// a depth-first walk took to get there, walked from each node nothing leads to first, in
    /// the graph's order, then from any node not reached yet. Iterative, for any depth.
    private static func loopClosing(_ pairs: [(Int, Int)], nodeCount: Int) -> Set<Int> {
        var outgoing = [[(edge: Int, target: Int)]](repeating: [], count: nodeCount)
        var hasIncoming = [Bool](repeating: false, count: nodeCount)
        for (index, (source, target)) in pairs.enumerated() {
            outgoing[source].append((index, target))
            if source != target { hasIncoming[target] = true }
        }
        enum Mark { case unseen, onPath, finished }
        var mark = [Mark](repeating: .unseen, count: nodeCount)
        var closing = Set<Int>()
        let roots = (0..<nodeCount).filter { !hasIncoming[$0] } + Array(0..<nodeCount)
        for root in roots where mark[root] == .unseen {
            var path: [(node: Int, next: Int)] = [(root, 0)]
            mark[root] = .onPath
            while let top = path.last {
                guard top.next < outgoing[top.node].count else {
                    mark[top.node] = .finished
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let (edge, target) = outgoing[top.node][top.next]
                switch mark[target] {
                case .onPath: closing.insert(edge)
                case .unseen:
                    mark[target] = .onPath
                    path.append((target, 0))
                case .finished: break
                }
            }
        }
        return closing
    }

    /// Each node's layer: 0 for a node nothing leads to, else one below the lowest node that
    /// leads to it. `pairs` must have no loops.
    private static func longestPathLayers(_ pairs: [(Int, Int)], nodeCount: Int) -> [Int] {
        var outgoing = [[Int]](repeating: [], count: nodeCount)
        var waiting = [Int](repeating: 0, count: nodeCount)
        for (source, target) in pairs {
            outgoing[source].append(target)
            waiting[target] += 1
        }
        var layer = [Int](repeating: 0, count: nodeCount)
        var ready = (0..<nodeCount).filter { waiting[$0] == 0 }
        while let node = ready.popLast() {
            for target in outgoing[node] {
                layer[target] = max(layer[target], layer[node] + 1)
                waiting[target] -= 1
                if waiting[target] == 0 { ready.append(target) }
            }
        }
        return layer
    }
}
