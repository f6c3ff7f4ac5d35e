import Feeds
import Live
import Testing

@Suite("Resume filter: events sent again after a resume are dropped")
struct ResumeFilterTests {
    /// Which of `ids` the filter lets through, in order.
    func admitted(_ filter: inout ResumeFilter, _ ids: [String]) -> [Bool] {
        ids.map { filter.admit(id: $0) }
    }

    @Test("numeric ids compare as numbers: after resuming from 10, 9 and 10 are repeats, 11 is new")
    func numeric() {
        var filter = ResumeFilter()
        #expect(!admitted(&filter, (1...10).map(String.init)).contains(false))
        filter.resuming()
        // Past the replay, a server that numbers a new run from 1 again is believed.
        #expect(admitted(&filter, ["9", "10", "11", "1"]) == [false, false, true, true])
    }

    @Test("other ids are repeats when recently seen")
    func opaque() {
        var filter = ResumeFilter()
        #expect(admitted(&filter, ["a7f", "b21", "c03"]) == [true, true, true])
        filter.resuming()
        #expect(admitted(&filter, ["b21", "c03", "d99"]) == [false, false, true])
    }

    @Test("without a resume nothing is dropped, nor are events without an id")
    func noResume() {
        var filter = ResumeFilter()
        #expect(admitted(&filter, ["5", "5", "3"]) == [true, true, true])
        filter.resuming()
        #expect(admitted(&filter, [""]) == [true])
    }

    @Test("a second resume knows the ids delivered since the first, and those from before it")
    func secondResume() {
        var filter = ResumeFilter()
        #expect(admitted(&filter, ["a7f", "b21", "c03"]) == [true, true, true])
        filter.resuming()
        #expect(admitted(&filter, ["c03", "d99", "e42"]) == [false, true, true])
        filter.resuming()
        #expect(admitted(&filter, ["b21", "e42", "f00", "a7f"]) == [false, false, true, true])
    }

    @Test("once the memory is full, each new id takes the oldest one's place")
    func wrapped() {
        var filter = ResumeFilter()
        let ids = (0..<ResumeFilter.memory + 10).map { "id-\($0)" }
        #expect(!admitted(&filter, ids).contains(false))
        filter.resuming()
        #expect(admitted(&filter, ["id-\(ResumeFilter.memory + 9)", "id-10", "id-9"]) == [false, false, true])
    }

    @Test("only the last ResumeFilter.memory ids are remembered")
    func bounded() {
        var filter = ResumeFilter()
        #expect(!admitted(&filter, (0...ResumeFilter.memory).map { "id-\($0)" }).contains(false))
        filter.resuming()
        #expect(admitted(&filter, ["id-0"]) == [true])
    }
}
