import GraphEngine
import Testing

@Suite("Stream modes")
struct StreamModeTests {
    /// START → a, b; b → c. a emits two events, b and c one each.
    private func graph() throws -> CompiledGraph<NotesState, String> {
        var graph = NotesGraph.notes()
        graph.addNode("a") { _, context in
            context.writer("a1")
            context.writer("a2")
            return .write(\.items, ["a"])
        }
        graph.addNode("b") { _, context in
            context.writer("b1")
            return .write(\.items, ["b"]).write(\.last, "b")
        }
        graph.addNode("c") { _, context in
            context.writer("c1")
            return .write(\.items, ["c"])
        }
        graph.addEdge(from: START, to: "a")
        graph.addEdge(from: START, to: "b")
        graph.addEdge(from: "b", to: "c")
        return try graph.compile()
    }

    @Test("values: the input, then the state after each step; values is the default")
    func values() async throws {
        let expected: [[String]] = [[], ["a", "b"], ["a", "b", "c"]]
        let explicit = try await graph().stream(NotesState(), modes: [.values]).collect()
        #expect(explicit.kinds.allSatisfy { $0 == "values" })
        #expect(explicit.states.map(\.items) == expected)
        #expect(try await graph().stream(NotesState()).collect().states.map(\.items) == expected)
    }

    @Test("updates: each node's own update, tagged with its name, in schedule order")
    func updates() async throws {
        let parts = try await graph().stream(NotesState(), modes: [.updates]).collect()
        #expect(parts.kinds.allSatisfy { $0 == "updates" })
        #expect(parts.updatedNodes == ["a", "b", "c"])
        let updates = parts.compactMap { if case .updates(_, let update) = $0 { update } else { nil } }
        #expect(updates.map { $0.value(for: \.items) } == [["a"], ["b"], ["c"]])
        #expect(updates.map { $0.value(for: \.last) } == [nil, "b", nil])
    }

    @Test("custom: only writer events, tagged with their node, each node's in emission order")
    func custom() async throws {
        let parts = try await graph().stream(NotesState(), modes: [.custom]).collect()
        #expect(parts.kinds.allSatisfy { $0 == "custom" })
        let events = parts.customEvents
        #expect(events.filter { $0.hasPrefix("a:") } == ["a:a1", "a:a2"])
        #expect(Set(events.prefix(3)) == ["a:a1", "a:a2", "b:b1"])
        #expect(events.last == "c:c1")
    }

    @Test("all modes: a step's events come before its updates, its updates before its values")
    func interleaving() async throws {
        let parts = try await graph().stream(NotesState(), modes: Set(StreamMode.allCases)).collect()
        #expect(parts.kinds == [
            "values",
            "custom", "custom", "custom", "updates", "updates", "values",
            "custom", "updates", "values",
        ])
    }

    @Test("no custom event is lost or reordered under load")
    func lossless() async throws {
        let emitters = 4
        let eventsPerEmitter = 25_000
        var graph = NotesGraph.notes()
        for emitter in 0..<emitters {
            graph.addNode("e\(emitter)") { _, context in
                for index in 0..<eventsPerEmitter { context.writer("\(index)") }
                return Update()
            }
            graph.addEdge(from: START, to: "e\(emitter)")
        }
        var received: [String: [Int]] = [:]
        for await part in try graph.compile().stream(NotesState(), modes: [.custom]) {
            if case .custom(let node, let event) = part { received[node, default: []].append(Int(event)!) }
        }
        #expect(received.count == emitters)
        for (node, indices) in received {
            #expect(indices == Array(0..<eventsPerEmitter), "events of \(node)")
        }
    }
}
