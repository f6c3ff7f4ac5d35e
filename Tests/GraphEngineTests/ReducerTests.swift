import GraphEngine
import Testing
import TestSupport

@Suite("Reducers")
struct ReducerTests {
    /// Nodes "a"…"e" run in one step and finish in reverse order ("e" first): each waits for
    /// the gate the later node opens on finishing.
    private func reverseFinishingGraph(log: OrderLog) throws -> CompiledGraph<NotesState, String> {
        let names = ["a", "b", "c", "d", "e"]
        let gates = names.map { _ in Gate() }
        gates[names.count - 1].open()
        var graph = NotesGraph.notes()
        for (position, name) in names.enumerated() {
            graph.addNode(name) { _, _ in
                await gates[position].wait()
                await log.append(name)
                if position > 0 { gates[position - 1].open() }
                return .write(\.items, [name]).write(\.last, name).write(\.total, position + 1)
            }
            graph.addEdge(from: START, to: name)
        }
        return try graph.compile()
    }

    @Test("parallel appends follow schedule order, not completion order, run after run")
    func appendFollowsScheduleOrder() async throws {
        for _ in 0..<20 {
            let log = OrderLog()
            let final = try await reverseFinishingGraph(log: log).invoke(NotesState())
            #expect(await log.entries == ["e", "d", "c", "b", "a"])
            #expect(final.items == ["a", "b", "c", "d", "e"])
        }
    }

    @Test("without a reducer the last write in schedule order wins; a custom reducer folds all")
    func replaceAndCustom() async throws {
        let final = try await reverseFinishingGraph(log: OrderLog()).invoke(NotesState(last: "initial", total: 100))
        #expect(final.last == "e")
        #expect(final.total == 100 + 1 + 2 + 3 + 4 + 5)
    }

    @Test("merge unions sets and lets the later dictionary entry win")
    func merge() async throws {
        var graph = NotesGraph.notes()
        graph.addNode("a") { _, _ in .write(\.tags, ["x", "y"]).write(\.scores, ["shared": 1, "a": 1]) }
        graph.addNode("b") { _, _ in .write(\.tags, ["y", "z"]).write(\.scores, ["shared": 2, "b": 2]) }
        graph.addEdge(from: START, to: "a")
        graph.addEdge(from: START, to: "b")
        let final = try await graph.compile().invoke(NotesState(tags: ["old"], scores: ["old": 0]))
        #expect(final.tags == ["old", "x", "y", "z"])
        #expect(final.scores == ["old": 0, "a": 1, "b": 2, "shared": 2])
    }

    @Test("one update writing a key twice applies both writes, in order")
    func repeatedWritesInOneUpdate() async throws {
        var graph = NotesGraph.notes()
        graph.addNode("a") { _, _ in
            .write(\.items, ["1"]).write(\.items, ["2"]).write(\.last, "1").write(\.last, "2")
        }
        graph.addEdge(from: START, to: "a")
        let final = try await graph.compile().invoke(NotesState())
        #expect(final.items == ["1", "2"])
        #expect(final.last == "2")
    }

    @Test("an update reports the last value it writes to a key, and nothing for other keys")
    func updateValues() {
        let update = Update<NotesState>.write(\.last, "first").write(\.total, 3).write(\.last, "second")
        #expect(update.value(for: \.last) == "second")
        #expect(update.value(for: \.total) == 3)
        #expect(update.value(for: \.items) == nil)
        #expect(!update.isEmpty)
        #expect(Update<NotesState>().isEmpty)
    }
}
