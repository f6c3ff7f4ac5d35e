import GraphEngine
import Testing

/// The example in `StateGraph`'s documentation, run: plan → one `search` per query (a Send
/// each, reporting progress through the writer) → summarise.
@Suite("Usage example")
struct UsageExampleTests {
    struct Research: Sendable {
        var topic = ""
        var query = ""
        var queries: [String] = []
        var findings: [String] = []
        var report = ""
    }

    enum Progress: Sendable, Hashable {
        case searching(String)
    }

    private func queries(about topic: String) -> [String] {
        ["\(topic) pricing", "\(topic) patents", "\(topic) recalls"]
    }

    private static func search(_ query: String) async -> String {
        "notes on \(query)"
    }

    @Test("the documented three-node fan-out streams its progress and its report")
    func documentedExample() async throws {
        let queries = queries(about: "spine")
        var graph = StateGraph<Research, Progress>(schema: StateSchema().reducing(\.findings, with: .append))
        graph.addNode("plan") { _, _ in .write(\.queries, queries) }
        graph.addNode("search") { input, context in
            context.writer(.searching(input.query))
            return .write(\.findings, [await Self.search(input.query)])
        }
        graph.addNode("summarise") { state, _ in .write(\.report, state.findings.joined(separator: "\n")) }
        graph.addEdge(from: START, to: "plan")
        graph.addConditionalEdges(from: "plan", destinations: ["search"]) { state in
            state.queries.map { .send(Send("search", Research(query: $0))) }
        }
        graph.addEdge(from: "search", to: "summarise")
        graph.addEdge(from: "summarise", to: END)

        var progress: [Progress] = []
        var report = ""
        for await part in try graph.compile().stream(Research(topic: "spine"), modes: [.custom, .values]) {
            switch part {
            case .custom(let node, let event):
                #expect(node == "search")
                progress.append(event)
            case .values(let state):
                report = state.report
            case .updates, .error:
                Issue.record("unexpected \(part)")
            }
        }
        #expect(Set(progress) == Set(queries.map(Progress.searching)))
        #expect(progress.count == queries.count)
        #expect(report == queries.map { "notes on \($0)" }.joined(separator: "\n"))
    }
}
