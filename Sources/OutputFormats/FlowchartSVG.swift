import Analysis

/// A pipeline as inline SVG, for the HTML report: the ``PipelineLayering``'s layers top to
/// bottom (as the dashboard's graph lays them out), each centred, edges as arrows (dashed
/// when conditional). An edge to the next layer
/// is a straight line; one that skips layers or leads back curves round the right of the
/// nodes between, each a little further out, so that none is hidden behind a node.
extension PipelineShape {
    private static let nodeHeight = 30.0
    private static let layerPitch = 76.0
    private static let gap = 24.0
    private static let margin = 16.0
    /// Characters of a name that fit in a node.
    private static let labelCharacters = 28

    /// A node's place: its layer, and its index in ``PipelineLayering/nodes``.
    private struct Layout {
        let nodes: [String]
        let layers: [[Int]]
        let layerOf: [Int]
        let links: [(source: Int, target: Int, conditional: Bool)]

        init(_ layering: PipelineLayering) {
            nodes = layering.nodes
            layers = layering.layers.map { layer in
                layer.compactMap { item in if case .node(let node) = item { node } else { nil } }
            }
            var layerOf = Array(repeating: 0, count: nodes.count)
            for (number, layer) in layers.enumerated() {
                for node in layer { layerOf[node] = number }
            }
            self.layerOf = layerOf
            let index = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            links = (layering.edges + layering.loops).compactMap { edge in
                guard let source = index[edge.source], let target = index[edge.target] else { return nil }
                return (source, target, edge.conditional)
            }
        }
    }

    var svg: String {
        let layout = Layout(PipelineLayering(self))
        let labels = layout.nodes.map { HTMLText.capped($0, Self.labelCharacters) }
        let widths = labels.map { max(90, 24 + 7.5 * Double($0.count)) }
        let layerWidths = layout.layers.map { layer in layer.reduce(0) { $0 + widths[$1] } + Self.gap * Double(max(0, layer.count - 1)) }
        let routed = layout.links.filter { layout.layerOf[$0.target] != layout.layerOf[$0.source] + 1 }.count
        let width = (layerWidths.max() ?? 0) + 2 * Self.margin + 40 + 14 * Double(routed)
        let height = Double(layout.layers.count) * Self.layerPitch + 2 * Self.margin - (Self.layerPitch - Self.nodeHeight)
        var left = Array(repeating: 0.0, count: layout.nodes.count)
        for (number, layer) in layout.layers.enumerated() {
            var x = Self.margin + ((layerWidths.max() ?? 0) - layerWidths[number]) / 2
            for node in layer {
                left[node] = x
                x += widths[node] + Self.gap
            }
        }
        let top = layout.layerOf.map { Self.margin + Double($0) * Self.layerPitch }
        let number = StageChart.number
        var outside = 0
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" width=\"\(number(width))\" height=\"\(number(max(height, 0)))\" "
                + "viewBox=\"0 0 \(number(width)) \(number(max(height, 0)))\" role=\"img\" aria-label=\"The pipeline's graph\">",
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>",
        ]
        for link in layout.links {
            let (source, target) = (link.source, link.target)
            let dash = link.conditional ? " stroke-dasharray=\"5 4\"" : ""
            let path: String
            if layout.layerOf[target] == layout.layerOf[source] + 1 {
                path = "M\(number(left[source] + widths[source] / 2)),\(number(top[source] + Self.nodeHeight)) "
                    + "L\(number(left[target] + widths[target] / 2)),\(number(top[target]))"
            } else {
                let (fromX, toX) = (left[source] + widths[source], left[target] + widths[target])
                let (fromY, toY) = (top[source] + Self.nodeHeight / 2, top[target] + Self.nodeHeight / 2)
                let spanned = min(layout.layerOf[source], layout.layerOf[target])...max(layout.layerOf[source], layout.layerOf[target])
                let rightmost = spanned.flatMap { layout.layers[$0] }.map { left[$0] + widths[$0] }.max() ?? max(fromX, toX)
                let bend = rightmost + 30 + 14 * Double(outside)
                outside += 1
                path = "M\(number(fromX)),\(number(fromY)) C\(number(bend)),\(number(fromY)) \(number(bend)),\(number(toY)) \(number(toX)),\(number(toY))"
            }
            parts.append("<path class=\"edge\" d=\"\(path)\"\(dash) marker-end=\"url(#arrow)\"/>")
        }
        for (node, name) in layout.nodes.enumerated() {
            let terminal = Self.isTerminal(name)
            parts.append(
                "<g class=\"\(terminal ? "node terminal" : "node")\"><title>\(HTMLText.escaped(name))</title>"
                    + "<rect x=\"\(number(left[node]))\" y=\"\(number(top[node]))\" width=\"\(number(widths[node]))\" "
                    + "height=\"\(number(Self.nodeHeight))\" rx=\"\(terminal ? number(Self.nodeHeight / 2) : "4")\"/>"
                    + "<text x=\"\(number(left[node] + widths[node] / 2))\" y=\"\(number(top[node] + 19))\">\(HTMLText.escaped(labels[node]))</text></g>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
