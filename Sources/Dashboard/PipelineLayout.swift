import Analysis
import OutputFormats

/// Where a pipeline's graph goes in a rectangle of a given size: a box for each node, layer
/// under layer, and the cells of the edges between them — a line down from each node, a bus
/// across to the nodes it leads to, an arrowhead onto each. Boxes are three rows high when
/// there is room, else one; labels are cut to fit the width; what still does not fit is left
/// out and counted (`hiddenNodes`), for a note on the last row, which also names the loops.
///
/// A pure value, in coordinates from the rectangle's top left corner: nothing is ever placed
/// outside it, for any size (0×0 included) and any graph.
struct PipelineLayout: Equatable {
    enum BoxKind: Equatable {
        /// `( start )`, `( end )`: one row, rounded.
        case terminal
        /// `[ name ]`: a node in one row, when three do not fit.
        case line
        /// A node framed in three rows.
        case framed
    }

    struct Box: Equatable {
        /// An index into the layering's `nodes`.
        var node: Int
        var rect: Rect
        var kind: BoxKind

        /// The columns the label has: the box less its sides and the space inside each.
        var labelWidth: Int { max(0, rect.width - 4) }
    }

    /// Which neighbours an edge cell's line reaches.
    struct Joins: OptionSet, Hashable {
        let rawValue: UInt8
        static let up = Joins(rawValue: 1)
        static let down = Joins(rawValue: 2)
        static let left = Joins(rawValue: 4)
        static let right = Joins(rawValue: 8)
    }

    struct EdgeCell: Equatable {
        var x: Int
        var y: Int
        var joins: Joins
        /// Only conditional edges pass here.
        var dotted: Bool
        /// An arrowhead onto the node below.
        var isArrow: Bool
        /// The box (an index into `boxes`) whose bottom border this cell is on, if any.
        var border: Int?
    }

    /// How tall boxes and the bands between layers are; tried roomiest first.
    private struct Spacing {
        var boxHeight: Int
        /// A band whose edges all go straight down.
        var straightBand: Int
        /// A band where edges bend along a bus.
        var bentBand: Int
    }

    private static let spacings = [
        Spacing(boxHeight: 3, straightBand: 2, bentBand: 3),
        Spacing(boxHeight: 3, straightBand: 1, bentBand: 2),
        Spacing(boxHeight: 1, straightBand: 1, bentBand: 2),
    ]

    /// Columns between two items of a layer.
    private static let gap = 2
    /// The columns a box takes beyond its label: a side and a space on each.
    private static let boxSides = 4

    let layering: PipelineLayering
    private(set) var boxes: [Box] = []
    private(set) var cells: [EdgeCell] = []
    /// The nodes left out for want of room.
    private(set) var hiddenNodes = 0
    /// The row for the note of hidden nodes and loops; nil when there is none, or no room.
    private(set) var noteRow: Int?

    /// `labelWidth`: the columns a node's whole label takes (its mark, name and counts).
    init(_ layering: PipelineLayering, size: Size, labelWidth: (Int) -> Int) {
        self.layering = layering
        let layers = layering.layers
        guard !layers.isEmpty, size.width > 0, size.height > 0 else { return }

        // Across: each layer's widths, cut to the width, and its left edges.
        var widths: [[Int]] = []
        for items in layers {
            let wanted = items.map { item -> Int in
                guard case .node(let node) = item else { return 1 }
                return max(1, labelWidth(node)) + Self.boxSides
            }
            widths.append(Self.fit(wanted, items: items, into: size.width))
        }
        let lefts = Self.place(layering, widths: widths, width: size.width)
        hiddenNodes = layering.nodesBelowLimit + zip(layers, widths).reduce(0) { hidden, layer in
            hidden + layer.0.dropFirst(layer.1.count).count { if case .node = $0 { true } else { false } }
        }

        // Down: the roomiest spacing that fits; else the tightest, with the layers that fit.
        let isStraight = (0..<max(0, layers.count - 1)).map { layer in
            Self.visibleSteps(layering, layer: layer, widths: widths).allSatisfy { step in
                lefts[layer][step.source] + widths[layer][step.source] / 2
                    == lefts[layer + 1][step.target] + widths[layer + 1][step.target] / 2
            }
        }
        func heights(_ spacing: Spacing) -> (layers: [Int], bands: [Int]) {
            let layerHeights = layers.indices.map { layer in
                layers[layer].prefix(widths[layer].count).contains {
                    if case .node(let node) = $0 { !PipelineShape.isTerminal(layering.nodes[node]) } else { false }
                } ? spacing.boxHeight : 1
            }
            return (layerHeights, isStraight.map { $0 ? spacing.straightBand : spacing.bentBand })
        }
        var noteRows = hiddenNodes > 0 || !layering.loops.isEmpty || layering.unroutedEdges > 0 ? 1 : 0
        var spacing = Self.spacings[Self.spacings.count - 1]
        var shown = 0
        var top = 0
        if let roomy = Self.spacings.first(where: { candidate in
            let (layerHeights, bands) = heights(candidate)
            return layerHeights.reduce(0, +) + bands.reduce(0, +) <= size.height - noteRows
        }) {
            spacing = roomy
            shown = layers.count
            let (layerHeights, bands) = heights(roomy)
            top = (size.height - noteRows - layerHeights.reduce(0, +) - bands.reduce(0, +)) / 2
        } else {
            noteRows = 1
            let (layerHeights, bands) = heights(spacing)
            var used = layerHeights[0]
            shown = used <= size.height - noteRows ? 1 : 0
            while shown > 0, shown < layers.count, used + bands[shown - 1] + layerHeights[shown] <= size.height - noteRows {
                used += bands[shown - 1] + layerHeights[shown]
                shown += 1
            }
            for layer in shown..<layers.count {
                hiddenNodes += layers[layer].prefix(widths[layer].count).count { if case .node = $0 { true } else { false } }
            }
        }
        noteRow = noteRows > 0 ? size.height - 1 : nil
        guard shown > 0 else { return }

        // Centred across by what is drawn.
        let drawnLayers = 0..<shown
        let leftmost = drawnLayers.compactMap { lefts[$0].first }.min() ?? 0
        let rightmost = drawnLayers.compactMap { layer in lefts[layer].last.map { $0 + widths[layer][widths[layer].count - 1] } }.max() ?? 0
        let shift = (size.width - (rightmost - leftmost)) / 2 - leftmost

        let (layerHeights, bands) = heights(spacing)
        var builder = CellBuilder()
        var y = top
        var boxOf: [[Int?]] = []
        for layer in drawnLayers {
            var row: [Int?] = []
            for (index, item) in layers[layer].prefix(widths[layer].count).enumerated() {
                let x = lefts[layer][index] + shift
                switch item {
                case .node(let node):
                    let kind: BoxKind = PipelineShape.isTerminal(layering.nodes[node]) ? .terminal : spacing.boxHeight == 3 ? .framed : .line
                    row.append(boxes.count)
                    boxes.append(Box(node: node, rect: Rect(x: x, y: y, width: widths[layer][index], height: kind == .framed ? 3 : 1), kind: kind))
                case .waypoint(let edge, _):
                    row.append(nil)
                    let dotted = layering.edges[edge].conditional
                    for line in y..<y + layerHeights[layer] { builder.add(x: x, y: line, joins: [.up, .down], dotted: dotted) }
                }
            }
            boxOf.append(row)
            y += layerHeights[layer]
            guard layer + 1 < shown else { break }
            drawBand(
                layer, rows: y..<y + bands[layer], straight: isStraight[layer], lefts: lefts, widths: widths, shift: shift,
                boxOf: boxOf[layer], layerBottom: y, builder: &builder)
            y += bands[layer]
        }
        cells = builder.cells
    }

    /// The edges from `layer` down to the next, in the band of `rows` under it.
    private func drawBand(
        _ layer: Int, rows: Range<Int>, straight: Bool, lefts: [[Int]], widths: [[Int]], shift: Int, boxOf: [Int?],
        layerBottom: Int, builder: inout CellBuilder
    ) {
        let steps = Self.visibleSteps(layering, layer: layer, widths: widths)
        guard !steps.isEmpty, let arrowRow = rows.last else { return }
        func port(_ layer: Int, _ index: Int) -> Int { lefts[layer][index] + shift + widths[layer][index] / 2 }
        let busRow = straight ? nil : rows.count >= 3 ? rows.lowerBound + 1 : rows.lowerBound
        for source in Set(steps.map(\.source)) {
            let x = port(layer, source)
            let dotted = steps.allSatisfy { $0.source != source || $0.conditional }
            if let box = boxOf[source] {
                let rect = boxes[box].rect
                if boxes[box].kind == .framed {
                    builder.add(x: x, y: rect.maxY - 1, joins: [.left, .right, .down], dotted: false, border: box)
                }
                for line in rect.maxY..<layerBottom { builder.add(x: x, y: line, joins: [.up, .down], dotted: dotted) }
            }
            for line in rows.lowerBound..<(busRow ?? arrowRow) { builder.add(x: x, y: line, joins: [.up, .down], dotted: dotted) }
        }
        for step in steps {
            let from = port(layer, step.source)
            let to = port(layer + 1, step.target)
            if let busRow {
                if from == to {
                    builder.add(x: from, y: busRow, joins: [.up, .down], dotted: step.conditional)
                } else {
                    let toward: Joins = to > from ? .right : .left
                    let back: Joins = to > from ? .left : .right
                    builder.add(x: from, y: busRow, joins: [.up, toward], dotted: step.conditional)
                    for x in min(from, to) + 1..<max(from, to) { builder.add(x: x, y: busRow, joins: [.left, .right], dotted: step.conditional) }
                    builder.add(x: to, y: busRow, joins: [.down, back], dotted: step.conditional)
                }
                for line in busRow + 1..<arrowRow { builder.add(x: to, y: line, joins: [.up, .down], dotted: step.conditional) }
            }
            if case .waypoint = layering.layers[layer + 1][step.target] {
                builder.add(x: to, y: arrowRow, joins: [.up, .down], dotted: step.conditional)
            } else {
                builder.add(x: to, y: arrowRow, joins: [.up, .down], dotted: step.conditional, arrow: true)
            }
        }
    }

    /// The steps from `layer` whose both ends are drawn.
    private static func visibleSteps(_ layering: PipelineLayering, layer: Int, widths: [[Int]]) -> [PipelineLayering.Step] {
        layering.steps[layer].filter { $0.source < widths[layer].count && $0.target < widths[layer + 1].count }
    }

    /// The widths of the items that fit across `width`, from the left: every label cut to the
    /// longest that lets the whole layer fit, and, when even one column each is too much, only
    /// the items that fit.
    private static func fit(_ wanted: [Int], items: [PipelineLayering.Item], into width: Int) -> [Int] {
        func total(_ widths: [Int]) -> Int { widths.reduce(0, +) + gap * max(0, widths.count - 1) }
        func capped(_ cap: Int) -> [Int] {
            zip(wanted, items).map { wanted, item in
                if case .node = item { min(wanted, cap + boxSides) } else { wanted }
            }
        }
        if total(wanted) <= width { return wanted }
        var low = 1
        var high = (wanted.max() ?? 1) - boxSides
        guard total(capped(low)) <= width else {
            var kept = capped(low)
            while !kept.isEmpty, total(kept) > width { kept.removeLast() }
            return kept
        }
        while low < high {
            let middle = (low + high + 1) / 2
            if total(capped(middle)) <= width { low = middle } else { high = middle - 1 }
        }
        return capped(low)
    }

    /// Each layer's left edges: packed and centred, then each item moved toward the middle of
    /// its neighbours in the layer above, then below, then above again (so that a chain
    /// comes out straight), keeping the layer's order and gaps within `width`.
    private static func place(_ layering: PipelineLayering, widths: [[Int]], width: Int) -> [[Int]] {
        var lefts = widths.map { layer -> [Int] in
            var x = max(0, (width - layer.reduce(0, +) - gap * max(0, layer.count - 1)) / 2)
            return layer.map { item in
                defer { x += item + gap }
                return x
            }
        }
        func centre(_ layer: Int, _ index: Int) -> Int { lefts[layer][index] + widths[layer][index] / 2 }
        let count = widths.count
        for downward in [true, false, true] where count > 1 {
            for layer in downward ? Array(1..<count) : Array((0..<count - 1).reversed()) {
                var pulls = [[Int]](repeating: [], count: widths[layer].count)
                let steps = downward ? layering.steps[layer - 1] : layering.steps[layer]
                let other = downward ? layer - 1 : layer + 1
                for step in steps {
                    let (mine, theirs) = downward ? (step.target, step.source) : (step.source, step.target)
                    guard mine < pulls.count, theirs < widths[other].count else { continue }
                    pulls[mine].append(centre(other, theirs))
                }
                let wanted = widths[layer].indices.map { index -> Int in
                    guard !pulls[index].isEmpty else { return lefts[layer][index] }
                    return pulls[index].reduce(0, +) / pulls[index].count - widths[layer][index] / 2
                }
                lefts[layer] = pack(wanted, widths: widths[layer], width: width)
            }
        }
        return lefts
    }

    /// Left edges as near `wanted` as the order, the gaps and `width` allow.
    private static func pack(_ wanted: [Int], widths: [Int], width: Int) -> [Int] {
        var lefts = wanted
        for index in lefts.indices {
            lefts[index] = max(lefts[index], index == 0 ? 0 : lefts[index - 1] + widths[index - 1] + gap)
        }
        for index in lefts.indices.reversed() {
            let limit = index == lefts.count - 1 ? width - widths[index] : lefts[index + 1] - gap - widths[index]
            lefts[index] = max(0, min(lefts[index], limit))
        }
        return lefts
    }
}

/// Gathers edge cells, joining the lines of the edges that pass through the same cell: a
/// line is dotted only where every edge through it is conditional.
private struct CellBuilder {
    private var index: [SIMD2<Int>: Int] = [:]
    private(set) var cells: [PipelineLayout.EdgeCell] = []

    mutating func add(x: Int, y: Int, joins: PipelineLayout.Joins, dotted: Bool, arrow: Bool = false, border: Int? = nil) {
        let key = SIMD2(x, y)
        guard let known = index[key] else {
            index[key] = cells.count
            cells.append(PipelineLayout.EdgeCell(x: x, y: y, joins: joins, dotted: dotted, isArrow: arrow, border: border))
            return
        }
        cells[known].joins.formUnion(joins)
        cells[known].dotted = cells[known].dotted && dotted
        cells[known].isArrow = cells[known].isArrow || arrow
        cells[known].border = cells[known].border ?? border
    }
}
