import Analysis
import Demo
import Testing
import TestSupport

@Suite("Pacing")
struct PacingTests {
    /// Seconds of a duration, as a number.
    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func paced(speed: Double) async -> (events: [AnalysisEvent], deadlines: [Double]) {
        let clock = VirtualClock()
        let all = await collect(DemoPipeline(DemoOptions(speed: speed)).events(pacedBy: clock))
        return (all, clock.deadlines.map(seconds))
    }

    @Test("at speed 1 each event waits for its simulated time, and a run takes a minute or two")
    func realisticPace() async {
        let (all, deadlines) = await paced(speed: 1)
        #expect(deadlines.count == all.count)
        for (event, deadline) in zip(all, deadlines) {
            #expect(abs(deadline - Double(offset(of: event)) / 1000) < 1e-6)
        }
        #expect(zip(deadlines, deadlines.dropFirst()).allSatisfy { $0 <= $1 })
        #expect((60...120).contains(deadlines.last ?? 0), "\(deadlines.last ?? 0) s")
    }

    @Test("the pace scales with the speed; the events stay the same", arguments: [2.0, 4.0, 0.5])
    func scaledPace(speed: Double) async {
        let (normal, normalDeadlines) = await paced(speed: 1)
        let (scaled, scaledDeadlines) = await paced(speed: speed)
        #expect(scaled == normal)
        #expect(scaledDeadlines.count == normalDeadlines.count)
        for (deadline, normalDeadline) in zip(scaledDeadlines, normalDeadlines) {
            #expect(abs(deadline - normalDeadline / speed) < 1e-6)
        }
    }

    @Test("at speed 0 nothing waits, and the events are those of a paced run")
    func unpaced() async {
        let (normal, _) = await paced(speed: 1)
        let (unpaced, deadlines) = await paced(speed: 0)
        #expect(deadlines.isEmpty)
        #expect(unpaced == normal)
    }
}
