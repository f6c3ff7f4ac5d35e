import Analysis

/// A pipeline as a Mermaid `flowchart`, drawn as LangGraph draws its graphs: top to bottom,
/// the start and end as stadiums, conditional edges dotted. The report and `serve`'s
/// `/api/graph` both write it here.
///
/// Nodes get ids of their own (`n1`, `n2`, …) and their names as quoted labels: a name may be
/// anything, and as an id `end` or `a-b` would break the chart or make two nodes one.
extension PipelineShape {
    public var mermaidFlowchart: String {
        let nodes = everyNode
        var ids: [String: String] = [:]
        var lines = ["flowchart TD"]
        for (index, node) in nodes.enumerated() {
            let id = "n\(index + 1)"
            ids[node] = id
            let label = "\"\(MermaidLabel.text(node))\""
            lines.append(Self.isTerminal(node) ? "    \(id)([\(label)])" : "    \(id)[\(label)]")
        }
        for edge in edges {
            guard let source = ids[edge.source], let target = ids[edge.target] else { continue }
            lines.append("    \(source) \(edge.conditional ? "-.->" : "-->") \(target)")
        }
        let terminals = nodes.filter(Self.isTerminal).compactMap { ids[$0] }
        if !terminals.isEmpty {
            lines.append("    classDef terminal fill-opacity:0")
            lines.append("    class \(terminals.joined(separator: ",")) terminal")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PipelineShape {
    /// Each node once, in the graph's order, then any an edge names that the list did not:
    /// what a drawing of the graph shows.
    var everyNode: [String] {
        var seen = Set<String>()
        return (nodes + edges.flatMap { [$0.source, $0.target] }).filter { seen.insert($0).inserted }
    }
}
