import GraphEngine
import Testing

@Suite("Command")
struct CommandTests {
    @Test("a command's update lands before the node it goes to runs")
    func updateThenGoto() async throws {
        var graph = NotesGraph.notes()
        graph.addNode("decide", destinations: ["left", "right"]) { state, _ in
            Command(update: .write(\.last, "decided"), goto: [state.total > 0 ? "right" : "left"])
        }
        graph.addNode("left") { state, _ in .write(\.items, ["left saw \(state.last)"]) }
        graph.addNode("right") { state, _ in .write(\.items, ["right saw \(state.last)"]) }
        graph.addEdge(from: START, to: "decide")
        let compiled = try graph.compile()
        #expect(try await compiled.invoke(NotesState(total: 1)).items == ["right saw decided"])
        #expect(try await compiled.invoke(NotesState(total: 0)).items == ["left saw decided"])
    }

    @Test("a command's destinations add to the node's edges")
    func gotoAddsToEdges() async throws {
        var graph = NotesGraph.notes()
        graph.addNode("a") { _, _ in Command(update: .write(\.items, ["a"]), goto: ["jump"]) }
        graph.addAppendingNode("edge")
        graph.addAppendingNode("jump")
        graph.addEdge(from: START, to: "a")
        graph.addEdge(from: "a", to: "edge")
        let parts = try await graph.compile().stream(NotesState(), modes: [.updates]).collect()
        #expect(parts.updatedNodes == ["a", "edge", "jump"])
    }

    @Test("a command can loop back and end the run with END")
    func loopUntilEnd() async throws {
        var graph = NotesGraph.notes()
        graph.addNode("tick", destinations: ["tick", END]) { state, _ in
            Command(update: .write(\.total, 1), goto: [state.total + 1 < 3 ? "tick" : .end])
        }
        graph.addEdge(from: START, to: "tick")
        let parts = try await graph.compile().stream(NotesState()).collect()
        #expect(parts.states.map(\.total) == [0, 1, 2, 3])
        #expect(parts.errors.isEmpty)
    }

    @Test("a command going outside its declared destinations ends the run with an error")
    func undeclaredGoto() async throws {
        var graph = NotesGraph.notes()
        graph.addNode("a", destinations: ["b"]) { _, _ in Command(goto: ["c"]) }
        graph.addAppendingNode("b")
        graph.addAppendingNode("c")
        graph.addEdge(from: START, to: "a")
        graph.addEdge(from: START, to: "c")
        let parts = try await graph.compile().stream(NotesState(), modes: [.updates]).collect()
        #expect(parts.errors == [.undeclaredDestination("c", from: "a")])
    }
}
