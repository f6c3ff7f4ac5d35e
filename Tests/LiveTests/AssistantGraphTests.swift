import Analysis
import JSON
@testable import Live
import Testing

/// `GET /assistants/{id}/graph` read into a pipeline shape: tolerant of what does not fit,
/// sanitised, and bounded.
@Suite("Assistant graph")
struct AssistantGraphTests {
    private static func shape(_ text: String, redactor: SecretRedactor = SecretRedactor()) throws -> PipelineShape? {
        AssistantGraph.shape(try JSONValue(parsing: text), redactor: redactor)
    }

    @Test("the server's answer: its nodes in order, its edges, conditional ones marked")
    func serverAnswer() throws {
        let answer = #"""
            {"nodes":[{"id":"__start__","type":"runnable","data":{"name":"__start__"}},{"id":"worker","type":"runnable","data":{"name":"worker"}},
            {"id":"summarize","type":"runnable"},{"id":"__end__"}],
            "edges":[{"source":"__start__","target":"worker","conditional":true},{"source":"worker","target":"summarize"},
            {"source":"summarize","target":"__end__","conditional":false}]}
            """#
        let shape = try #require(try Self.shape(answer))
        #expect(shape.source == .server)
        #expect(shape.nodes == ["__start__", "worker", "summarize", "__end__"])
        #expect(shape.edges == [
            PipelineShape.Edge(source: "__start__", target: "worker", conditional: true),
            PipelineShape.Edge(source: "worker", target: "summarize"),
            PipelineShape.Edge(source: "summarize", target: "__end__"),
        ])
    }

    @Test("what does not fit is skipped: ids that are not text, repeats, edges to nodes not listed, a graph of no nodes")
    func tolerant() throws {
        let answer = #"""
            {"nodes":[{"id":7},{"type":"x"},"plain",{"id":""},{"id":"a"},{"id":"a"},{"id":"b"}],
             "edges":[{"source":"a","target":"nowhere"},{"source":"a"},{"source":"a","target":"b","conditional":"yes"},7]}
            """#
        let shape = try #require(try Self.shape(answer))
        #expect(shape.nodes == ["a", "b"])
        #expect(shape.edges == [PipelineShape.Edge(source: "a", target: "b")])
        #expect(try Self.shape(#"{"nodes":[],"edges":[]}"#) == nil)
        #expect(try Self.shape(#"{"detail":"not found"}"#) == nil)
        #expect(try Self.shape("[1,2]") == nil)
        #expect(try Self.shape(#"{"nodes":{"id":"a"}}"#) == nil)
    }

    @Test("names are sanitised, cut and cleared of secrets; nodes and edges are capped")
    func bounded() throws {
        let long = String(repeating: "n", count: 1_000)
        let answer = #"{"nodes":[{"id":"\u001b[31mred\u0007"},{"id":"key-sk-123"},{"id":"\#(long)"}],"edges":[{"source":"key-sk-123","target":"\#(long)"}]}"#
        let shape = try #require(try Self.shape(answer, redactor: SecretRedactor(["sk-123"])))
        #expect(shape.nodes.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 } })
        #expect(!shape.nodes.contains { $0.contains("sk-123") })
        #expect(shape.nodes[2].count <= AssistantGraph.nameLimit)
        #expect(shape.edges.count == 1)

        let many = (0..<300).map { #"{"id":"n\#($0)"}"# }.joined(separator: ",")
        let edges = (0..<2_000).map { #"{"source":"n\#($0 % 150)","target":"n\#(($0 + 1) % 150)"}"# }.joined(separator: ",")
        let big = try #require(try Self.shape(#"{"nodes":[\#(many)],"edges":[\#(edges)]}"#))
        #expect(big.nodes.count == AssistantGraph.nodeLimit)
        #expect(big.edges.count == AssistantGraph.edgeLimit)
    }
}
