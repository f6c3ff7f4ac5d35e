import GraphEngine

extension GraphRun {
    /// Every part of the run, in order.
    func collect() async -> [Element] {
        var parts: [Element] = []
        for await part in self {
            parts.append(part)
        }
        return parts
    }
}

extension Array where Element == NotesPart {
    var states: [NotesState] {
        compactMap { if case .values(let state) = $0 { state } else { nil } }
    }

    var updatedNodes: [String] {
        compactMap { if case .updates(let node, _) = $0 { node } else { nil } }
    }

    var customEvents: [String] {
        compactMap { if case .custom(let node, let event) = $0 { "\(node):\(event)" } else { nil } }
    }

    var errors: [GraphRunError] {
        compactMap { if case .error(let error) = $0 { error } else { nil } }
    }

    /// Each part's kind, to check how kinds interleave.
    var kinds: [String] {
        map {
            switch $0 {
            case .values: "values"
            case .updates: "updates"
            case .custom: "custom"
            case .error: "error"
            }
        }
    }
}
