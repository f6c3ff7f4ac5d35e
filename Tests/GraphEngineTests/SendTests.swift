import GraphEngine
import Testing

@Suite("Send fan-out")
struct SendTests {
    /// plan → one `research` task per item (its input: that item alone) → join.
    private func mapReduceGraph(log: OrderLog) throws -> CompiledGraph<NotesState, String> {
        var graph = NotesGraph.notes()
        graph.addNode("plan") { state, _ in .write(\.tags, Set(state.items)) }
        graph.addNode("research") { input, context in
            await log.append("research:\(input.items)")
            let item = input.items.joined()
            return .write(\.scores, [item: item.count]).write(\.total, 1).write(\.last, "\(item)@\(context.step)")
        }
        graph.addNode("join") { state, _ in .write(\.items, ["joined \(state.total)"]) }
        graph.addEdge(from: START, to: "plan")
        graph.addConditionalEdges(from: "plan", destinations: ["research"]) { state in
            state.items.map { .send(Send("research", NotesState(items: [$0]))) }
        }
        graph.addEdge(from: "research", to: "join")
        graph.addEdge(from: "join", to: END)
        return try graph.compile()
    }

    @Test("each Send runs its own task on its own input; results are reduced; join runs once",
          arguments: [1, 3, 17])
    func fanOut(branches: Int) async throws {
        let items = (1...branches).map { String(repeating: "x", count: $0) }
        let log = OrderLog()
        let parts = try await mapReduceGraph(log: log).stream(NotesState(items: items), modes: [.values, .updates]).collect()
        #expect(parts.errors.isEmpty)
        #expect(parts.updatedNodes == ["plan"] + Array(repeating: "research", count: branches) + ["join"])
        let final = try #require(parts.states.last)
        #expect(final.scores == Dictionary(uniqueKeysWithValues: items.map { ($0, $0.count) }))
        #expect(final.total == branches)
        #expect(final.items == items + ["joined \(branches)"])
        #expect(final.last == "\(items.last!)@2")
        #expect(Set(await log.entries) == Set(items.map { "research:[\"\($0)\"]" }))
    }

    @Test("Sends are applied in the order they were made, after routed nodes")
    func sendOrder() async throws {
        var graph = NotesGraph.notes()
        graph.addAppendingNode("a")
        graph.addNode("z") { input, _ in .write(\.items, input.items) }
        graph.addEdge(from: START, to: "a")
        graph.addConditionalEdges(from: START) { _ in
            [.send(Send("z", NotesState(items: ["z1"]))), "a", .send(Send("z", NotesState(items: ["z2"])))]
        }
        #expect(try await graph.compile().invoke(NotesState()).items == ["a", "z1", "z2"])
    }

    @Test("a Send to END is refused")
    func sendToEnd() async throws {
        var graph = NotesGraph.notes()
        graph.addConditionalEdges(from: START) { _ in [.send(Send(END, NotesState()))] }
        await #expect(throws: GraphRunError.unknownDestination(END, from: START)) {
            try await graph.compile().invoke(NotesState())
        }
    }
}
