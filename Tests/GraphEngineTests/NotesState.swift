import GraphEngine

/// The state the tests' graphs share: one key per kind of reducer.
struct NotesState: Sendable, Equatable {
    var items: [String] = []
    var last = ""
    var total = 0
    var tags: Set<String> = []
    var scores: [String: Int] = [:]

    static let schema = StateSchema<NotesState>()
        .reducing(\.items, with: .append)
        .reducing(\.tags, with: .merge)
        .reducing(\.scores, with: .merge)
        .reducing(\.total, with: Reducer { current, written in current + written })
}

typealias NotesGraph = StateGraph<NotesState, String>
typealias NotesPart = StreamPart<NotesState, String>

extension NotesGraph {
    /// A graph over `NotesState` whose custom events are strings.
    static func notes() -> NotesGraph {
        NotesGraph(schema: NotesState.schema)
    }

    /// Adds a node that appends its own name to `items`.
    mutating func addAppendingNode(_ name: String) {
        addNode(name) { _, _ in .write(\.items, [name]) }
    }
}
