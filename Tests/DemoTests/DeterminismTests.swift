import Analysis
import Demo
import Testing

@Suite("Determinism")
struct DeterminismTests {
    /// Failures included, so that every kind of event is compared.
    private let options = DemoOptions(failRate: 0.3)

    @Test("the same options give the same events, in the same order, with the same timestamps")
    func sameOptionsSameEvents() async {
        let first = await events(of: options)
        #expect(first.count > 50)
        for _ in 1...4 {
            #expect(await events(of: options) == first)
        }
    }

    @Test("iterating one run again runs it afresh, with the same events")
    func iteratingAgain() async {
        let run = DemoPipeline(DemoOptions(speed: 0)).events()
        let first = await collect(run)
        #expect(await collect(run) == first)
    }

    @Test("a different seed gives different events and ids")
    func differentSeed() async {
        var other = options
        other.seed += 1
        let (these, those) = (await events(of: options), await events(of: other))
        #expect(these != those)
        #expect(these[0].sessionID != those[0].sessionID)
        #expect(these[0].requestID != those[0].requestID)
    }

    @Test("every event has the run's one session id and request id, formatted as UUIDs")
    func ids() async {
        let all = await events(of: options)
        let sessions = Set(all.map(\.sessionID))
        let requests = Set(all.map(\.requestID))
        #expect(sessions.count == 1)
        #expect(requests.count == 1)
        for id in [all[0].sessionID, all[0].requestID] {
            #expect(id.map(isUUID) == true, "\(id ?? "nil")")
        }
        #expect(all[0].sessionID != all[0].requestID)
    }

    @Test("timestamps follow the simulated timeline from the given start, never the wall clock")
    func timestamps() async {
        let start = Timestamp(seconds: 1_800_000_000)
        let shifted = await events(of: DemoOptions(failRate: 0.3, startTime: start))
        let original = await events(of: options)
        #expect(shifted.first?.timestamp == start)
        #expect(shifted.map { offset(of: $0, from: start) } == original.map { offset(of: $0) })
        let times = original.compactMap(\.timestamp)
        #expect(times.count == original.count)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    }

    private func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12]
            && groups.allSatisfy { $0.allSatisfy { $0.isHexDigit && !$0.isUppercase } }
            && groups[2].first == "4"
    }
}
