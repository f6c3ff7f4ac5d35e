import Analysis
import Feeds
import Synchronization
import Testing

/// The order in which things happened, across tasks; a test can wait for an entry.
private final class Trace: Sendable {
    private struct State {
        var entries: [String] = []
        var waiters: [(entry: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func note(_ entry: String) {
        let ready = state.withLock { state in
            state.entries.append(entry)
            defer { state.waiters.removeAll { $0.entry == entry } }
            return state.waiters.filter { $0.entry == entry }.map(\.continuation)
        }
        ready.forEach { $0.resume() }
    }

    /// Returns once `entry` has been noted.
    func wait(for entry: String) async {
        await withCheckedContinuation { continuation in
            let noted = state.withLock { state in
                if state.entries.contains(entry) { return true }
                state.waiters.append((entry, continuation))
                return false
            }
            if noted { continuation.resume() }
        }
    }

    var all: [String] { state.withLock(\.entries) }
}

private func notice(_ number: Int) -> FeedElement {
    .notice("\(number)", isError: false)
}

@Suite("Feed buffer")
struct FeedBufferTests {
    @Test("a producer runs ahead of its reader by at most the buffer's capacity")
    func backpressure() async {
        let buffer = FeedBuffer(capacity: 2)
        let trace = Trace()
        let producer = Task {
            for number in 1...5 {
                trace.note("sending \(number)")
                guard await buffer.send(notice(number)) else { return }
            }
            buffer.finish()
        }
        // Reads nothing until the producer is blocked: 1 and 2 fit, 3 waits.
        await trace.wait(for: "sending 3")
        #expect(trace.all == ["sending 1", "sending 2", "sending 3"])
        var received: [FeedElement] = []
        while let element = await buffer.next() { received.append(element) }
        await producer.value
        #expect(received == (1...5).map(notice))
    }

    @Test("when the reader goes, a waiting send returns false and later ones at once")
    func readerGone() async {
        let buffer = FeedBuffer(capacity: 1)
        #expect(await buffer.send(notice(1)))
        let blocked = Task { await buffer.send(notice(2)) }
        buffer.cancel()
        #expect(await blocked.value == false)
        #expect(await buffer.send(notice(3)) == false)
        #expect(await buffer.next() == nil)
    }

    @Test("a reader waiting on an empty buffer gets the next element, then nil after finish")
    func waitingReader() async {
        let buffer = FeedBuffer()
        let reader = Task { () -> [FeedElement] in
            var elements: [FeedElement] = []
            while let element = await buffer.next() { elements.append(element) }
            return elements
        }
        #expect(await buffer.send(notice(1)))
        buffer.finish()
        #expect(await reader.value == [notice(1)])
    }

    @Test("ending an iteration early cancels the producer")
    func iterationEnds() async {
        let trace = Trace()
        let elements = FeedElements(capacity: 1) { buffer in
            var number = 0
            while await buffer.send(notice(number)) { number += 1 }
            trace.note("stopped")
        }
        var iterator: FeedElements.Iterator? = elements.makeAsyncIterator()
        #expect(await iterator?.next() == notice(0))
        iterator = nil
        await trace.wait(for: "stopped")
        #expect(trace.all == ["stopped"])
    }

    @Test("a pulled feed makes an element only when asked")
    func pulled() async {
        let trace = Trace()
        let elements = FeedElements(pull: {
            var number = 0
            return {
                number += 1
                trace.note("made \(number)")
                return number <= 2 ? notice(number) : nil
            }
        })
        var iterator = elements.makeAsyncIterator()
        #expect(trace.all.isEmpty)
        #expect(await iterator.next() == notice(1))
        #expect(trace.all == ["made 1"])
        #expect(await iterator.next() == notice(2))
        #expect(await iterator.next() == nil)
        #expect(trace.all == ["made 1", "made 2", "made 3"])
    }
}
