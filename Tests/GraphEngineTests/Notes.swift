import GraphEngine

/// The state the tests' graphs share: one key per kind of reducer.
struct Notes: Sendable, Equatable {
    var items: [String] = []
    var last = ""
    var total = 0
    var tags: Set<String> = []
    var scores: [String: Int] = [:]

    static let schema = StateSchema<Notes>()
        .reducing(\.items, with: .append)
        .reducing(\.tags, with: .merge)
        .reducing(\.scores, with: .merge)
        .reducing(\.total, with: Reducer { current, written in current + written })
}

typealias NotesGraph = StateGraph<Notes, String>
typealias NotesPart = StreamPart<Notes, String>

extension NotesGraph {
    /// A graph over `Notes` whose custom events are strings.
    static func notes() -> NotesGraph {
        NotesGraph(schema: Notes.schema)
    }

    /// Adds a node that appends its own name to `items`.
    mutating func addAppendingNode(_ name: String) {
        addNode(name) { _, _ in .write(\.items, [name]) }
    }
}
