import GraphEngine
import Testing
import TestSupport

@Suite("A node that throws")
struct NodeFailureTests {
    struct QuotaExceeded: Error, CustomStringConvertible {
        var description: String { "upstream search API returned HTTP 432" }
    }

    /// START → research (emits, then throws) and START → sibling (blocks until cancelled);
    /// research → after.
    private struct FailingGraph {
        let log = OrderLog()
        let graph: CompiledGraph<NotesState, String>

        init() throws {
            let (log, never) = (log, Gate())
            var graph = NotesGraph.notes()
            graph.addNode("research") { _, context in
                context.writer("searching")
                throw QuotaExceeded()
            }
            graph.addNode("sibling") { _, context in
                await never.wait()
                context.writer("sibling after cancel")
                await log.append("sibling cancelled: \(Task.isCancelled)")
                return .write(\.items, ["sibling"])
            }
            graph.addNode("after") { _, _ in
                await log.append("after ran")
                return .write(\.items, ["after"])
            }
            graph.addEdge(from: START, to: "research")
            graph.addEdge(from: START, to: "sibling")
            graph.addEdge(from: "research", to: "after")
            self.graph = try graph.compile()
        }
    }

    private let expectedError = GraphRunError.nodeFailed(
        node: "research", errorType: "QuotaExceeded", message: "upstream search API returned HTTP 432")

    @Test("the run ends with an error part naming the node; no update lands, no further step runs")
    func errorPart() async throws {
        let fixture = try FailingGraph()
        let parts = await fixture.graph.stream(NotesState(), modes: [.values, .updates, .custom]).collect()
        #expect(parts.kinds == ["values", "custom", "error"])
        #expect(parts.customEvents == ["research:searching"])
        #expect(parts.errors == [expectedError])
        #expect(parts.errors.first?.node == "research")
        #expect(await fixture.log.entries == ["sibling cancelled: true"])
    }

    @Test("the error part is streamed whatever the modes")
    func errorWithoutModes() async throws {
        let parts = try await FailingGraph().graph.stream(NotesState(), modes: []).collect()
        #expect(parts.kinds == ["error"])
    }

    @Test("invoke throws the same error")
    func invokeThrows() async throws {
        let graph = try FailingGraph().graph
        await #expect(throws: expectedError) { try await graph.invoke(NotesState()) }
    }

    @Test("the error describes the node and the failure")
    func description() {
        #expect(
            expectedError.description
                == "node 'research' failed with QuotaExceeded: upstream search API returned HTTP 432")
    }
}
