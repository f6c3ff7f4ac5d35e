import GraphEngine
import Testing
import TestSupport

// A broken cancel would leave a node blocked forever: fail instead of hanging.
@Suite("Cancellation", .timeLimit(.minutes(1)))
struct CancellationTests {
    /// START → blocker → after. `blocker` emits "before", opens `blocked`, then waits on a
    /// gate nobody opens, so only cancellation ends the wait; it then tries to emit and logs
    /// whether it saw the cancel.
    private struct BlockingGraph {
        let blocked = Gate()
        let woke = Gate()
        let log = OrderLog()
        let graph: CompiledGraph<NotesState, String>

        init() throws {
            let (blocked, woke, log, never) = (blocked, woke, log, Gate())
            var graph = NotesGraph.notes()
            graph.addNode("blocker") { _, context in
                context.writer("before")
                blocked.open()
                await never.wait()
                await log.append("blocker woke, cancelled: \(Task.isCancelled)")
                context.writer("after cancel")
                woke.open()
                return .write(\.items, ["blocker"])
            }
            graph.addNode("after") { _, _ in
                await log.append("after ran")
                return .write(\.items, ["after"])
            }
            graph.addEdge(from: START, to: "blocker")
            graph.addEdge(from: "blocker", to: "after")
            self.graph = try graph.compile()
        }
    }

    enum Way: CaseIterable, Sendable {
        case explicitCancel, consumerTaskCancelled, consumerStopsIterating, runDropped
    }

    /// Streams the blocking graph, cancels it the given way once `blocker` is blocked, and
    /// returns the kinds of the parts received.
    private func receive(_ fixture: BlockingGraph, cancelling way: Way) async -> [String] {
        let modes = Set(StreamMode.allCases)
        switch way {
        case .explicitCancel:
            let run = fixture.graph.stream(NotesState(), modes: modes)
            var parts = run.makeAsyncIterator()
            let first = await parts.next()
            await fixture.blocked.wait()
            // "before" is now waiting to be read: it must not be.
            run.cancel()
            #expect(await parts.next() == nil)
            #expect(await run.collect().isEmpty)
            return first.map { [$0].kinds } ?? []
        case .consumerTaskCancelled:
            let run = fixture.graph.stream(NotesState(), modes: modes)
            let consumer = Task {
                var kinds: [String] = []
                for await part in run { kinds.append(contentsOf: [part].kinds) }
                return kinds
            }
            await fixture.blocked.wait()
            consumer.cancel()
            return await consumer.value
        case .consumerStopsIterating:
            let run = fixture.graph.stream(NotesState(), modes: modes)
            var kinds: [String] = []
            for await part in run {
                kinds.append(contentsOf: [part].kinds)
                if case .custom = part { break }
            }
            await fixture.woke.wait()
            #expect(await run.collect().isEmpty)
            return kinds
        case .runDropped:
            _ = fixture.graph.stream(NotesState(), modes: modes)
            return []
        }
    }

    @Test("cancelling stops the blocked node, and nothing is streamed after", arguments: Way.allCases)
    func streamCancellation(way: Way) async throws {
        let fixture = try BlockingGraph()
        let received = await receive(fixture, cancelling: way)
        await fixture.woke.wait()
        #expect(await fixture.log.entries == ["blocker woke, cancelled: true"])
        #expect(["values", "custom"].starts(with: received))
        if way == .explicitCancel { #expect(received == ["values"]) }
    }

    @Test("cancelling the task that invokes stops the run before the next node")
    func invokeCancellation() async throws {
        let fixture = try BlockingGraph()
        let graph = fixture.graph
        let invocation = Task { try await graph.invoke(NotesState()) }
        await fixture.blocked.wait()
        invocation.cancel()
        await #expect(throws: CancellationError.self) { try await invocation.value }
        #expect(await fixture.log.entries == ["blocker woke, cancelled: true"])
    }
}
