extension StateGraph {
    /// Throws the first wiring mistake, checking names, then edges, then the entry point,
    /// then reachability, each in the order they were added.
    func validate() throws(GraphDefinitionError) {
        var names = Set<String>()
        for node in nodes {
            guard node.name != START, node.name != END else { throw .reservedNodeName(node.name) }
            guard names.insert(node.name).inserted else { throw .duplicateNode(node.name) }
        }
        for edge in edges {
            try checkSource(edge.from, among: names)
            try checkTargets([edge.to], from: edge.from, among: names)
        }
        for edge in conditionalEdges {
            try checkSource(edge.source, among: names)
            try checkTargets(edge.destinations?.sorted() ?? [], from: edge.source, among: names)
        }
        for node in nodes {
            try checkTargets(node.destinations?.sorted() ?? [], from: node.name, among: names)
        }
        let hasEntry = edges.contains { $0.from == START } || conditionalEdges.contains { $0.source == START }
        guard hasEntry else { throw .noEntryPoint }
        let reached = reachable(from: START, successors: possibleSuccessors())
        let unreached = nodes.map(\.name).filter { !reached.contains($0) }
        guard unreached.isEmpty else { throw .unreachableNodes(unreached) }
    }

    private func checkSource(_ source: String, among names: Set<String>) throws(GraphDefinitionError) {
        guard source != END else { throw .edgeFromEnd }
        guard source == START || names.contains(source) else { throw .unknownSource(source) }
    }

    private func checkTargets(
        _ targets: [String], from source: String, among names: Set<String>
    ) throws(GraphDefinitionError) {
        for target in targets {
            guard target != START else { throw .edgeToStart(from: source) }
            guard target == END || names.contains(target) else { throw .unknownTarget(target, from: source) }
        }
    }

    /// Every node each source might lead to, counting undeclared routers and commands as
    /// leading everywhere.
    private func possibleSuccessors() -> [String: [String]] {
        let everyNode = nodes.map(\.name)
        var successors: [String: [String]] = [:]
        for edge in edges {
            successors[edge.from, default: []].append(edge.to)
        }
        for edge in conditionalEdges {
            successors[edge.source, default: []].append(contentsOf: edge.destinations.map(Array.init) ?? everyNode)
        }
        for node in nodes {
            successors[node.name, default: []].append(contentsOf: node.destinations.map(Array.init) ?? everyNode)
        }
        return successors
    }

    private func reachable(from origin: String, successors: [String: [String]]) -> Set<String> {
        var reached: Set<String> = [origin]
        var frontier = [origin]
        while let source = frontier.popLast() {
            for target in successors[source, default: []] where reached.insert(target).inserted {
                frontier.append(target)
            }
        }
        return reached
    }
}
