import GraphEngine
import Testing

@Suite("Compile-time checks")
struct CompileErrorTests {
    /// START → a → END, which compiles.
    private func validGraph() -> NotesGraph {
        var graph = NotesGraph.notes()
        graph.addAppendingNode("a")
        graph.addEdge(from: START, to: "a")
        graph.addEdge(from: "a", to: END)
        return graph
    }

    @Test("a well-wired graph compiles")
    func valid() throws {
        _ = try validGraph().compile()
    }

    @Test("a node named like START or END", arguments: [START, END])
    func reservedName(name: String) {
        var graph = validGraph()
        graph.addAppendingNode(name)
        #expect(throws: GraphDefinitionError.reservedNodeName(name)) { try graph.compile() }
    }

    @Test("two nodes with one name")
    func duplicateNode() {
        var graph = validGraph()
        graph.addAppendingNode("a")
        #expect(throws: GraphDefinitionError.duplicateNode("a")) { try graph.compile() }
    }

    @Test("an edge from an unknown node")
    func unknownSource() {
        var graph = validGraph()
        graph.addEdge(from: "ghost", to: "a")
        #expect(throws: GraphDefinitionError.unknownSource("ghost")) { try graph.compile() }
    }

    @Test("a conditional edge from an unknown node")
    func unknownRouterSource() {
        var graph = validGraph()
        graph.addConditionalEdges(from: "ghost") { _ in [] }
        #expect(throws: GraphDefinitionError.unknownSource("ghost")) { try graph.compile() }
    }

    @Test("an edge to an unknown node")
    func unknownTarget() {
        var graph = validGraph()
        graph.addEdge(from: "a", to: "ghost")
        #expect(throws: GraphDefinitionError.unknownTarget("ghost", from: "a")) { try graph.compile() }
    }

    @Test("declared destinations naming an unknown node")
    func unknownDeclaredDestination() {
        var routed = validGraph()
        routed.addConditionalEdges(from: "a", destinations: ["ghost"]) { _ in [] }
        #expect(throws: GraphDefinitionError.unknownTarget("ghost", from: "a")) { try routed.compile() }
        var commanding = validGraph()
        commanding.addNode("b", destinations: ["ghost"]) { _, _ in Command() }
        commanding.addEdge(from: "a", to: "b")
        #expect(throws: GraphDefinitionError.unknownTarget("ghost", from: "b")) { try commanding.compile() }
    }

    @Test("an edge or conditional edge from END")
    func edgeFromEnd() {
        var plain = validGraph()
        plain.addEdge(from: END, to: "a")
        #expect(throws: GraphDefinitionError.edgeFromEnd) { try plain.compile() }
        var routed = validGraph()
        routed.addConditionalEdges(from: END) { _ in ["a"] }
        #expect(throws: GraphDefinitionError.edgeFromEnd) { try routed.compile() }
    }

    @Test("an edge, or a declared destination, to START")
    func edgeToStart() {
        var plain = validGraph()
        plain.addEdge(from: "a", to: START)
        #expect(throws: GraphDefinitionError.edgeToStart(from: "a")) { try plain.compile() }
        var routed = validGraph()
        routed.addConditionalEdges(from: "a", destinations: [START]) { _ in [] }
        #expect(throws: GraphDefinitionError.edgeToStart(from: "a")) { try routed.compile() }
    }

    @Test("nothing leads out of START")
    func noEntryPoint() {
        var graph = NotesGraph.notes()
        graph.addAppendingNode("a")
        graph.addEdge(from: "a", to: END)
        #expect(throws: GraphDefinitionError.noEntryPoint) { try graph.compile() }
    }

    @Test("nodes no path from START reaches are named, in the order they were added")
    func unreachable() {
        var graph = validGraph()
        graph.addAppendingNode("island")
        graph.addAppendingNode("after island")
        graph.addEdge(from: "island", to: "after island")
        #expect(throws: GraphDefinitionError.unreachableNodes(["island", "after island"])) { try graph.compile() }
    }

    @Test("declared destinations make a node reachable; undeclared ones reach everything")
    func reachabilityThroughRouters() throws {
        var declared = validGraph()
        declared.addAppendingNode("b")
        declared.addAppendingNode("c")
        declared.addConditionalEdges(from: "a", destinations: ["b"]) { _ in ["b"] }
        #expect(throws: GraphDefinitionError.unreachableNodes(["c"])) { try declared.compile() }
        var undeclared = validGraph()
        undeclared.addAppendingNode("b")
        undeclared.addNode("c", destinations: nil) { _, _ in Command() }
        undeclared.addConditionalEdges(from: "a") { _ in ["b"] }
        _ = try undeclared.compile()
    }

    @Test("errors describe themselves in words")
    func descriptions() {
        #expect(
            GraphDefinitionError.unknownTarget("ghost", from: "a").description
                == "an edge from 'a' leads to unknown node 'ghost'")
        #expect(GraphDefinitionError.unreachableNodes(["x", "y"]).description == "no path from START reaches 'x', 'y'")
    }
}
