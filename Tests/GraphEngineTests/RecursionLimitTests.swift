import GraphEngine
import Testing

@Suite("Recursion limit")
struct RecursionLimitTests {
    /// a → b → a → … forever.
    private func endlessLoop() throws -> CompiledGraph<NotesState, String> {
        var graph = NotesGraph.notes()
        graph.addNode("a") { _, _ in .write(\.total, 1) }
        graph.addNode("b") { _, _ in .write(\.total, 1) }
        graph.addEdge(from: START, to: "a")
        graph.addEdge(from: "a", to: "b")
        graph.addEdge(from: "b", to: "a")
        return try graph.compile()
    }

    /// A chain of `length` nodes, START → n0 → … → END.
    private func chain(length: Int) throws -> CompiledGraph<NotesState, String> {
        var graph = NotesGraph.notes()
        var previous = START
        for index in 0..<length {
            let name = "n\(index)"
            graph.addNode(name) { _, _ in .write(\.total, 1) }
            graph.addEdge(from: previous, to: name)
            previous = name
        }
        graph.addEdge(from: previous, to: END)
        return try graph.compile()
    }

    @Test("a runaway graph stops after 25 steps by default, with an error part")
    func defaultLimit() async throws {
        let parts = try await endlessLoop().stream(NotesState()).collect()
        #expect(parts.states.map(\.total) == Array(0...25))
        #expect(parts.errors == [.recursionLimitReached(limit: 25)])
        #expect(parts.kinds.last == "error")
        #expect(CompiledGraph<NotesState, String>.defaultRecursionLimit == 25)
    }

    @Test("the limit is set per run")
    func perRunLimit() async throws {
        let graph = try endlessLoop()
        await #expect(throws: GraphRunError.recursionLimitReached(limit: 3)) {
            try await graph.invoke(NotesState(), recursionLimit: 3)
        }
        let parts = await graph.stream(NotesState(), recursionLimit: 7).collect()
        #expect(parts.states.count == 8)
        #expect(parts.errors == [.recursionLimitReached(limit: 7)])
    }

    @Test("a graph that needs exactly the limit finishes; one step more fails")
    func boundary() async throws {
        #expect(try await chain(length: 25).invoke(NotesState()).total == 25)
        await #expect(throws: GraphRunError.recursionLimitReached(limit: 25)) {
            try await chain(length: 26).invoke(NotesState())
        }
    }
}
