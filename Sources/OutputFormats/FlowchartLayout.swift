import Analysis

extension PipelineShape {
    /// Each node once, in the graph's order, then any an edge names that the list did not:
    /// what a drawing of the graph shows.
    var everyNode: [String] {
        var seen = Set<String>()
        return (nodes + edges.flatMap { [$0.source, $0.target] }).filter { seen.insert($0).inserted }
    }
}

/// Where the HTML report's flowchart puts each node: in layers, top to bottom, a node's layer
/// the longest path to it from the start. Edges that lead back (a loop's return) are left out
/// of the count, or a loop would push its nodes down without end; they are still drawn.
struct FlowchartLayout {
    struct Link {
        var source: Int
        var target: Int
        var conditional: Bool
    }

    /// ``PipelineShape/everyNode``.
    let nodes: [String]
    /// The indices in ``nodes`` of each layer's nodes, in the graph's order.
    let layers: [[Int]]
    let layerOf: [Int]
    let links: [Link]

    init(_ shape: PipelineShape) {
        nodes = shape.everyNode
        let index = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        links = shape.edges.compactMap { edge in
            index[edge.source].flatMap { source in
                index[edge.target].map { Link(source: source, target: $0, conditional: edge.conditional) }
            }
        }
        let forward = Self.forwardLinks(links, nodeCount: nodes.count, first: index[PipelineShape.start] ?? 0)
        var layerOf = Array(repeating: 0, count: nodes.count)
        var incoming = Array(repeating: 0, count: nodes.count)
        var outgoing = Array(repeating: [Int](), count: nodes.count)
        for link in forward {
            incoming[link.target] += 1
            outgoing[link.source].append(link.target)
        }
        // Kahn's order over the edges that lead on: every node's layer is final when it is taken.
        var ready = (0..<nodes.count).filter { incoming[$0] == 0 }
        while let node = ready.popLast() {
            for target in outgoing[node] {
                layerOf[target] = max(layerOf[target], layerOf[node] + 1)
                incoming[target] -= 1
                if incoming[target] == 0 { ready.append(target) }
            }
        }
        self.layerOf = layerOf
        var layers = Array(repeating: [Int](), count: (layerOf.max() ?? -1) + 1)
        for node in nodes.indices { layers[layerOf[node]].append(node) }
        self.layers = layers
    }

    /// The links minus those that close a cycle, found by a depth-first walk from `first`
    /// (then from each node not reached yet): a link to a node still on the walk's path.
    private static func forwardLinks(_ links: [Link], nodeCount: Int, first: Int) -> [Link] {
        guard nodeCount > 0 else { return [] }
        var outgoing = Array(repeating: [Int](), count: nodeCount)
        for (number, link) in links.enumerated() { outgoing[link.source].append(number) }
        enum Mark { case new, onPath, done }
        var marks = Array(repeating: Mark.new, count: nodeCount)
        var back = Set<Int>()
        for root in [first] + Array(0..<nodeCount) where marks[root] == .new {
            var path: [(node: Int, next: Int)] = [(root, 0)]
            marks[root] = .onPath
            while let (node, next) = path.last {
                guard next < outgoing[node].count else {
                    marks[node] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let number = outgoing[node][next]
                let target = links[number].target
                switch marks[target] {
                case .new:
                    marks[target] = .onPath
                    path.append((target, 0))
                case .onPath: back.insert(number)
                case .done: break
                }
            }
        }
        return links.enumerated().filter { !back.contains($0.offset) }.map(\.element)
    }
}
