import Analysis
import Dashboard
import Foundation
import Glibc
@testable import Terminal
import Testing

@Suite("the mailbox between feeds and the dashboard loop")
struct ActionMailboxTests {
    @Test("concurrent posters: nothing lost, each poster's actions in its order")
    func concurrentOrder() async throws {
        let mailbox = try ActionMailbox()
        let posters = 4
        let perPoster = 5_000
        // The consumer waits the way the loop does, on a thread of its own as the loop has:
        // poll on the wake pipe, then take. (On the cooperative pool, its blocking poll held one
        // of the pool's threads, and on a loaded machine the posters could miss its deadline.)
        async let consumed: [Action] = withCheckedContinuation { continuation in
            Thread {
                var received: [Action] = []
                while received.count < posters * perPoster {
                    var wake = pollfd(fd: mailbox.wakePipe.readEnd, events: Int16(POLLIN), revents: 0)
                    guard poll(&wake, 1, 120_000) == 1 else { break }
                    received += mailbox.take().actions
                }
                continuation.resume(returning: received)
            }.start()
        }
        await withTaskGroup(of: Void.self) { group in
            for poster in 0..<posters {
                group.addTask {
                    for index in 0..<perPoster { mailbox.post(.tick(now: Double(poster * 1_000_000 + index))) }
                }
            }
        }
        let received = await consumed
        #expect(received.count == posters * perPoster)
        var next = [Int](repeating: 0, count: posters)
        for action in received {
            guard case .tick(let now) = action else { Issue.record("unexpected \(action)"); continue }
            let poster = Int(now) / 1_000_000
            #expect(Int(now) % 1_000_000 == next[poster])
            next[poster] += 1
        }
        #expect(next == [Int](repeating: perPoster, count: posters))
    }

    @Test("a burst of posts is one wake-up; after a take, the next post wakes again")
    func coalescedWakeUps() throws {
        let mailbox = try ActionMailbox()
        for index in 0..<1_000 { mailbox.post(.tick(now: Double(index))) }
        #expect(wakeBytes(mailbox) == 1)
        #expect(mailbox.take().actions.count == 1_000)
        #expect(wakeBytes(mailbox) == 0)
        mailbox.post(.key(.character("q")))
        #expect(wakeBytes(mailbox) == 1)
        #expect(mailbox.take().actions.count == 1)
        #expect(mailbox.take().actions.isEmpty)
    }

    @Test("a stop request wakes the loop and comes with what was posted before it")
    func stop() throws {
        let mailbox = try ActionMailbox()
        mailbox.post(.key(.character("x")))
        mailbox.requestStop(signal: SIGTERM)
        #expect(wakeBytes(mailbox) == 1)
        let delivery = mailbox.take()
        #expect(delivery.stopSignal == SIGTERM)
        #expect(delivery.actions.count == 1)
        #expect(mailbox.take().stopSignal == nil)
    }

    @Test("a feed's sends wait while the capacity's events are pending, and go on, in order, after a take", .timeLimit(.minutes(1)))
    func boundedSends() async throws {
        let mailbox = try ActionMailbox(eventCapacity: 10)
        let batch = [AnalysisEvent](repeating: AnalysisEvent(.heartbeat), count: 3)
        let sender = Task {
            for index in 0..<5 { await mailbox.send(.events(batch + [AnalysisEvent(.unknown(type: "\(index)"))])) }
        }
        // Three sends of four events reach the capacity; the fourth must wait for a take.
        while mailbox.waitingSenders == 0 { await Task.yield() }
        #expect(mailbox.pendingEvents == 12)
        let first = mailbox.take().actions
        #expect(first.count == 3)
        await sender.value
        #expect(mailbox.pendingEvents == 8)
        let rest = mailbox.take().actions
        let order = (first + rest).map { action -> String in
            guard case .events(let events) = action, case .unknown(let type)? = events.last?.kind else { return "?" }
            return type
        }
        #expect(order == ["0", "1", "2", "3", "4"])
    }

    @Test("a sender waiting for room returns when its task is cancelled (the dashboard quit)", .timeLimit(.minutes(1)))
    func cancelledSender() async throws {
        let mailbox = try ActionMailbox(eventCapacity: 1)
        mailbox.post(.tick(now: 0))
        let sender = Task { await mailbox.send(.tick(now: 1)) }
        while mailbox.waitingSenders == 0 { await Task.yield() }
        sender.cancel()
        await sender.value
        #expect(mailbox.waitingSenders == 0)
    }

    /// Reads (and so removes) the bytes waiting in the wake pipe.
    private func wakeBytes(_ mailbox: ActionMailbox) -> Int {
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 64)
        while case let count = read(mailbox.wakePipe.readEnd, &buffer, buffer.count), count > 0 { total += count }
        return total
    }
}
