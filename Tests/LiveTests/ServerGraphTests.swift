import Analysis
import Feeds
@testable import Live
import NIOHTTP1
import Testing

/// `connect` to a seed-style server asks `BASE/api/graph` once beside the stream
/// (`streamtop serve` answers it), so the dashboard can draw the pipeline the server runs.
@Suite("A seed server's graph")
struct ServerGraphTests {
    static let graph = #"{"nodes":[{"id":"__start__"},{"id":"plan"},{"id":"research"},{"id":"__end__"}],"#
        + #""edges":[{"source":"__start__","target":"plan"},{"source":"plan","target":"research","conditional":true},"#
        + #"{"source":"research","target":"__end__"}],"mermaid":"graph TD;"}"#

    private static func server(graph status: HTTPResponseStatus, run: TestRun) async throws -> TestServer {
        try await TestServer { request, _ in
            guard request.path.hasPrefix("/api/graph") else { return .init(steps: [.send(run.sse(run.all))]) }
            return .init(status: status, headers: [("Content-Type", "application/json")], steps: [.send(status == .ok ? graph : "{}")])
        }
    }

    @Test("the feed hands out the server's graph once, before its end, and the run's events as before")
    func graphFromServer() async throws {
        let run = TestRun(count: 5)
        let server = try await Self.server(graph: .ok, run: run)
        defer { server.stop() }
        var options = try testOptions(try StreamRequest.seedURL(base: server.baseURL, competitors: ["A"], focusArea: nil))
        options.graphURL = StreamRequest.seedGraphURL(base: server.baseURL + "/")
        let record = try await LiveTests.run(LiveFeed(options))
        #expect(record.pipelines.count == 1)
        let shape = try #require(record.pipelines.first)
        #expect(shape.nodes == ["__start__", "plan", "research", "__end__"])
        #expect(shape.edges.contains(PipelineShape.Edge(source: "plan", target: "research", conditional: true)))
        #expect(shape.source == .server)
        #expect(record.state == run.expectedState([run.all]))
        #expect(server.log.value.requests.filter { $0.path == "/api/graph" }.count == 1)
    }

    @Test("a server without a graph (404) gives none, and the stream is none the worse")
    func noGraph() async throws {
        let run = TestRun(count: 5)
        let server = try await Self.server(graph: .notFound, run: run)
        defer { server.stop() }
        var options = try testOptions(try StreamRequest.seedURL(base: server.baseURL, competitors: ["A"], focusArea: nil))
        options.graphURL = StreamRequest.seedGraphURL(base: server.baseURL)
        let record = try await LiveTests.run(LiveFeed(options))
        #expect(record.pipelines.isEmpty)
        #expect(record.state == run.expectedState([run.all]))
        #expect(record.last == .completed)
    }

    @Test("the graph's place: BASE/api/graph, none for a URL that names its stream")
    func graphURL() {
        #expect(StreamRequest.seedGraphURL(base: "http://h:8000//") == "http://h:8000/api/graph")
        #expect(StreamRequest.seedGraphURL(base: "http://h:8000/api/analysis/stream") == nil)
    }
}
