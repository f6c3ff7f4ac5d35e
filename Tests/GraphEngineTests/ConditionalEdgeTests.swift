import GraphEngine
import Testing

@Suite("Conditional edges")
struct ConditionalEdgeTests {
    private func routedGraph(threshold: Int) throws -> CompiledGraph<NotesState, String> {
        var graph = NotesGraph.notes()
        graph.addNode("count") { _, _ in .write(\.total, 1) }
        graph.addAppendingNode("small")
        graph.addAppendingNode("large")
        graph.addEdge(from: START, to: "count")
        graph.addConditionalEdges(from: "count") { state in [state.total > threshold ? "large" : "small"] }
        graph.addEdge(from: "small", to: END)
        graph.addEdge(from: "large", to: END)
        return try graph.compile()
    }

    @Test("the router's choice depends on the state", arguments: [(5, "small"), (-5, "large")])
    func routesByState(threshold: Int, expected: String) async throws {
        let final = try await routedGraph(threshold: threshold).invoke(NotesState(total: 1))
        #expect(final.items == [expected])
    }

    @Test("a router sees its own node's update but not those of nodes running alongside")
    func routerSeesOwnUpdateOnly() async throws {
        var graph = NotesGraph.notes()
        graph.addNode("a") { _, _ in .write(\.items, ["a"]) }
        graph.addNode("b") { _, _ in .write(\.items, ["b"]) }
        graph.addEdge(from: START, to: "a")
        graph.addEdge(from: START, to: "b")
        let seen = OrderLog()
        graph.addConditionalEdges(from: "a") { state in
            await seen.append(state.items.joined(separator: ","))
            return [.end]
        }
        _ = try await graph.compile().invoke(NotesState(items: ["start"]))
        #expect(await seen.entries == ["start,a"])
    }

    @Test("a router can return several nodes; each runs once, in the same step")
    func severalDestinations() async throws {
        var graph = NotesGraph.notes()
        graph.addAppendingNode("fork")
        graph.addNode("x") { _, context in .write(\.items, ["x@\(context.step)"]) }
        graph.addNode("y") { _, context in .write(\.items, ["y@\(context.step)"]) }
        graph.addEdge(from: START, to: "fork")
        graph.addConditionalEdges(from: "fork") { _ in ["y", "x", "y"] }
        graph.addEdge(from: "fork", to: "x")
        let final = try await graph.compile().invoke(NotesState())
        #expect(final.items == ["fork", "x@2", "y@2"])
    }

    @Test("a router at START routes on the input")
    func routerAtStart() async throws {
        var graph = NotesGraph.notes()
        graph.addAppendingNode("empty")
        graph.addAppendingNode("full")
        graph.addConditionalEdges(from: START) { state in [state.items.isEmpty ? "empty" : "full"] }
        let compiled = try graph.compile()
        #expect(try await compiled.invoke(NotesState()).items == ["empty"])
        #expect(try await compiled.invoke(NotesState(items: ["x"])).items == ["x", "full"])
    }

    @Test("routing outside the declared destinations ends the run with an error")
    func undeclaredDestination() async throws {
        var graph = NotesGraph.notes()
        graph.addAppendingNode("a")
        graph.addAppendingNode("b")
        graph.addAppendingNode("c")
        graph.addEdge(from: START, to: "a")
        graph.addConditionalEdges(from: "a", destinations: ["b", "c"]) { _ in [.end] }
        let parts = try await graph.compile().stream(NotesState(), modes: [.updates]).collect()
        #expect(parts.errors == [.undeclaredDestination(END, from: "a")])
        #expect(parts.updatedNodes.isEmpty)
    }

    @Test("routing to a node the graph lacks ends the run with an error naming both")
    func unknownDestination() async throws {
        var graph = NotesGraph.notes()
        graph.addAppendingNode("a")
        graph.addEdge(from: START, to: "a")
        graph.addConditionalEdges(from: "a") { _ in ["nowhere"] }
        let parts = try await graph.compile().stream(NotesState()).collect()
        #expect(parts.errors == [.unknownDestination("nowhere", from: "a")])
        #expect(parts.states.map(\.items) == [[]])
    }

    @Test("a router that throws fails the run in its node's name")
    func throwingRouter() async throws {
        struct NoRoute: Error {}
        var graph = NotesGraph.notes()
        graph.addAppendingNode("a")
        graph.addEdge(from: START, to: "a")
        graph.addConditionalEdges(from: "a") { _ in throw NoRoute() }
        let parts = try await graph.compile().stream(NotesState()).collect()
        #expect(parts.errors.map(\.node) == ["a"])
    }
}
