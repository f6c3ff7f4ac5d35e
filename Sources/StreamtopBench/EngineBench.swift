import Foundation
import GraphEngine

/// Measures GraphEngine's own overhead, with nodes that do next to nothing: a long chain of
/// supersteps, a wide Send fan-out, and the custom-event writer under load. Each figure is
/// the median of several runs, streamed in every mode and read to the end, as a feed would.
enum EngineBench {
    static func run() async -> [BenchRow] {
        await sequence(nodes: 1_000) + fanOut(sends: 1_000) + writerThroughput(events: 100_000)
    }

    private struct Tally: Sendable {
        var count = 0
        var items: [Int] = []
        var item = 0

        static let schema = StateSchema<Tally>()
            .reducing(\.count, with: Reducer { current, written in current + written })
            .reducing(\.items, with: .append)
    }

    private typealias Graph = CompiledGraph<Tally, Int>

    private static let repetitions = 7

    /// START → n0 → n1 → … → END: one node per superstep.
    private static func sequence(nodes: Int) async -> [BenchRow] {
        var graph = StateGraph<Tally, Int>(schema: Tally.schema)
        var previous = START
        for index in 0..<nodes {
            graph.addNode("n\(index)") { _, _ in .write(\.count, 1) }
            graph.addEdge(from: previous, to: "n\(index)")
            previous = "n\(index)"
        }
        graph.addEdge(from: previous, to: END)
        let seconds = await medianSeconds(of: compile(graph), recursionLimit: nodes)
        return [
            BenchRow(name: "engine: \(nodes) nodes in sequence", value: milliseconds(seconds), target: "—"),
            BenchRow(
                name: "engine: per-step overhead",
                value: String(format: "%.1f µs/step", seconds / Double(nodes) * 1e6),
                target: "< 20 µs/step"),
        ]
    }

    /// plan sends one `work` task per item; each emits one custom event; then join, once.
    private static func fanOut(sends: Int) async -> [BenchRow] {
        var graph = StateGraph<Tally, Int>(schema: Tally.schema)
        graph.addNode("plan") { _, _ in Update() }
        graph.addNode("work") { input, context in
            context.writer(input.item)
            return .write(\.items, [input.item])
        }
        graph.addNode("join") { state, _ in .write(\.count, state.items.count) }
        graph.addEdge(from: START, to: "plan")
        graph.addConditionalEdges(from: "plan", destinations: ["work"]) { _ in
            (0..<sends).map { .send(Send("work", Tally(item: $0))) }
        }
        graph.addEdge(from: "work", to: "join")
        graph.addEdge(from: "join", to: END)
        let seconds = await medianSeconds(of: compile(graph))
        return [
            BenchRow(name: "engine: fan-out of \(sends) Sends + join", value: milliseconds(seconds), target: "—"),
            BenchRow(
                name: "engine: per-Send task overhead",
                value: String(format: "%.1f µs/task", seconds / Double(sends) * 1e6),
                target: "—"),
            BenchRow(
                name: "engine: custom events/s, one per Send task",
                value: perSecond(Double(sends) / seconds),
                target: "—"),
        ]
    }

    /// One node emits `events` custom events through its writer.
    private static func writerThroughput(events: Int) async -> [BenchRow] {
        var graph = StateGraph<Tally, Int>(schema: Tally.schema)
        graph.addNode("emit") { _, context in
            for event in 0..<events { context.writer(event) }
            return Update()
        }
        graph.addEdge(from: START, to: "emit")
        let seconds = await medianSeconds(of: compile(graph))
        return [
            BenchRow(
                name: "engine: custom events/s, \(events) from one node",
                value: perSecond(Double(events) / seconds),
                target: "—")
        ]
    }

    /// The benchmark's graphs are wired correctly by construction.
    private static func compile(_ graph: StateGraph<Tally, Int>) -> Graph {
        do {
            return try graph.compile()
        } catch {
            preconditionFailure("benchmark graph does not compile: \(error)")
        }
    }

    private static func medianSeconds(
        of graph: Graph, recursionLimit: Int = Graph.defaultRecursionLimit
    ) async -> Double {
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let elapsed = await clock.measure {
                let run = graph.stream(Tally(), modes: Set(StreamMode.allCases), recursionLimit: recursionLimit)
                for await part in run {
                    if case .error(let error) = part { preconditionFailure("benchmark run failed: \(error)") }
                }
            }
            samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return samples.sorted()[repetitions / 2]
    }

    private static func milliseconds(_ seconds: Double) -> String {
        String(format: "%.2f ms", seconds * 1e3)
    }

    private static func perSecond(_ rate: Double) -> String {
        String(format: "%.2f M/s", rate / 1e6)
    }
}
