import Analysis
import Demo
import Testing
import TestSupport

// A broken cancel would leave the consumer waiting forever: fail instead of hanging.
@Suite("Cancellation", .timeLimit(.minutes(1)))
struct CancellationTests {
    @Test("a consumer that cancels its task gets nothing more, not even events already made")
    func consumerCancelsItself() async {
        let run = DemoPipeline(DemoOptions(speed: 0)).events()
        let consumer = Task {
            var received = 0
            for await _ in run {
                received += 1
                if received == 10 {
                    withUnsafeCurrentTask { $0?.cancel() }
                }
            }
            return received
        }
        #expect(await consumer.value == 10)
    }

    @Test("cancelling a consumer that waits for the next event's time ends its stream at once")
    func cancelledWhileWaiting() async {
        let clock = VirtualClock(passing: 12)
        let run = DemoPipeline(DemoOptions(speed: 1)).events(pacedBy: clock)
        let consumer = Task { await collect(run) }
        await clock.waitUntilIdle(1)
        consumer.cancel()
        let received = await consumer.value
        #expect(received == Array(await events(of: DemoOptions()).prefix(12)))
    }

    @Test("a consumer that stops early leaves the next iteration a whole run")
    func stopEarlyThenRunAgain() async {
        let run = DemoPipeline(DemoOptions(speed: 0)).events()
        var firstFew: [AnalysisEvent] = []
        for await event in run {
            firstFew.append(event)
            if firstFew.count == 5 { break }
        }
        let whole = await collect(run)
        #expect(Array(whole.prefix(5)) == firstFew)
        #expect(whole.last?.type == "analysis_completed")
    }
}
