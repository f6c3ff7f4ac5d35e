@testable import Live
import Testing

@Suite("LangGraph resume point")
struct LangGraphResumePointTests {
    /// Which of these events (id, name, data) the point admits, in order.
    private func admitted(_ events: [(String, String, String)], by point: inout LangGraphResumePoint) -> [Bool] {
        events.map { point.admit(id: $0.0, name: $0.1, data: $0.2) }
    }

    @Test("a rejoin asks from before the last id group and skips what of it was delivered")
    func groups() {
        var point = LangGraphResumePoint()
        #expect(point.rejoinID == "-1")
        #expect(admitted([("1-0", "tasks", "a")], by: &point) == [true])
        #expect(point.rejoinID == "-1")
        #expect(admitted([("2-0", "tasks", "b"), ("2-0", "tasks", "c")], by: &point) == [true, true])
        #expect(point.rejoinID == "1-0")
        point.rejoining()
        // The server sends the whole group 2-0 again, then what is new.
        let again = admitted([("2-0", "tasks", "b"), ("2-0", "tasks", "c"), ("2-0", "tasks", "d"), ("3-0", "tasks", "e")], by: &point)
        #expect(again == [false, false, true, true])
        #expect(point.rejoinID == "2-0")
    }

    @Test("on a rejoined stream, the server's copies are dropped: a repeat within a group, an older id")
    func copies() {
        var point = LangGraphResumePoint()
        #expect(admitted([("5-0", "tasks", "a")], by: &point) == [true])
        point.rejoining()
        let rejoined = admitted([
            ("5-0", "tasks", "a"), ("7-0", "tasks", "b"), ("7-0", "tasks", "b"), ("7-0", "messages", "b"),
            ("9-0", "tasks", "c"), ("7-0", "tasks", "b"), ("10-0", "tasks", "d"),
        ], by: &point)
        #expect(rejoined == [false, true, false, true, true, false, true])
    }

    @Test("before any rejoin, identical events of one millisecond are all delivered")
    func identicalBeforeRejoin() {
        var point = LangGraphResumePoint()
        #expect(admitted([("5-0", "messages", " "), ("5-0", "messages", " "), ("", "messages", " ")], by: &point) == [true, true, true])
    }
}
