@testable import Analysis
import JSON
import Testing

@Suite struct NameTableTests {
    /// Names that share their first and last eight bytes and their length, which is all that
    /// the table's hash reads: every one lands on the same slot.
    private static let colliding = (0..<300).map { "AAAAAAAA" + String(format: "%04d", $0) + "BBBBBBBB" }

    @Test("names are numbered in order of first appearance and found again by their bytes, colliding ones too")
    func numbersAndFinds() {
        var table = NameTable()
        let names = Self.colliding + ["", "x", "Medtronic", "Stryker Spine", "Zürich AG", String(repeating: "long ", count: 40)]
        for (number, name) in names.enumerated() {
            #expect(table.number(of: name) == nil)
            #expect(table.add(name) == number)
        }
        for (number, name) in names.enumerated() {
            #expect(table.number(of: name) == number)
            var bytes = name
            #expect(bytes.withUTF8 { table.number(of: $0) } == number)
        }
        #expect(table.number(of: "AAAAAAAA0300BBBBBBBB") == nil)
        #expect(table.number(of: "Medtronix") == nil)
        #expect(table.names == names)
    }

    @Test("competitors whose names collide each keep their own row, in the reducer")
    func collidingCompetitors() {
        var state = AnalysisState()
        for (index, name) in Self.colliding.prefix(150).enumerated() {
            state.reduce(AnalysisEvent.decode(json: #"{"type":"progress_update","data":{"competitor":"\#(name)","competitor_progress":0.5,"message":"m\#(index)"}}"#))
        }
        #expect(state.competitors.count == 150)
        for (index, name) in Self.colliding.prefix(150).enumerated() {
            #expect(state.competitors[index].name == name)
            #expect(state.competitors[index].message == "m\(index)")
            #expect(state.competitor(named: name)?.message == "m\(index)")
        }
    }
}

@Suite struct DeferredTextTests {
    /// The same stream twice: decoded from JSON, whose plain texts are deferred, and made in
    /// process, whose texts are Strings. Texts with escapes and non-ASCII are made at once.
    private static let lines = [
        #"{"type":"stage_started","data":{"stage":"research_competitor","competitor":"Acme Corporation","message":"Starting research"},"metadata":{"session_id":"s-1111-2222-3333","request_id":"r-1"}}"#,
        #"{"type":"progress_update","data":{"stage":"research_competitor","competitor":"Acme Corporation","progress":0.2,"message":"Analyzing Acme Corporation"},"metadata":{"session_id":"s-1111-2222-3333","request_id":"r-1"}}"#,
        #"{"type":"progress_update","data":{"stage":"research_competitor","competitor":"Zürich \"Z\" AG","progress":0.3,"message":"Analyzing\tZ"},"metadata":{"session_id":"s-1111-2222-3333","request_id":"r-2"}}"#,
        #"{"type":"stage_completed","data":{"stage":"research_competitor","competitor":"Acme Corporation","duration_ms":12},"metadata":{"session_id":"s-1111-2222-3333","request_id":"r-2"}}"#,
        #"{"type":"error","data":{"stage":"analyze_findings","competitor":"Acme Corporation","error":"rate limited"},"metadata":{"session_id":"s-1111-2222-3333"}}"#,
        #"{"type":"progress_update","data":{"stage":"analyze_findings","progress":0.5,"message":"Analyzing Acme Corporation"},"metadata":{"session_id":"s-9999","request_id":"r-3"}}"#,
    ]

    @Test("a decoded event reads as the same texts, equals the event made in process, and folds to the same state")
    func sameAsStrings() {
        var decodedState = AnalysisState()
        var madeState = AnalysisState()
        for (index, line) in Self.lines.enumerated() {
            if index == Self.lines.count - 1 {
                #expect(decodedState.competitors.map(\.name) == ["Acme Corporation", "Zürich \"Z\" AG"])
                #expect(decodedState.competitors.map(\.message) == ["Analyzing Acme Corporation", "Analyzing Z"])
                #expect(decodedState.errors.items.map(\.competitor) == ["Acme Corporation"])
                #expect(decodedState.stages.map(\.name).contains("analyze_findings"))
            }
            let decoded = AnalysisEvent.decode(json: line)
            var made = AnalysisEvent(
                decoded.kind, timestamp: decoded.timestamp, sessionID: decoded.sessionID, requestID: decoded.requestID,
                stage: decoded.stage, competitor: decoded.competitor, progress: decoded.progress,
                competitorProgress: decoded.competitorProgress, message: decoded.message, problems: decoded.problems
            )
            #expect(made.payload.isEmpty)
            #expect(decoded == made)
            decodedState.reduce(decoded)
            madeState.reduce(made)
            made.message = "changed"
            #expect(decoded != made)
        }
        #expect(decodedState == madeState)
        #expect(decodedState.competitors.isEmpty)
        #expect(decodedState.session.id == "s-9999")
        #expect(decodedState.session.requestID == "r-3")
        #expect(decodedState.session.count == 2)
    }

    @Test("an event kept past its batch says the same without its payload, its repeated texts shared")
    func detached() {
        let cache = StringCache()
        let events = Self.lines.prefix(2).map { AnalysisEvent.decode(json: $0) }
        let kept = events.map { $0.detached(cache: cache) }
        #expect(kept == events)
        #expect(kept.allSatisfy(\.payload.isEmpty) && events.allSatisfy { !$0.payload.isEmpty })
        let ids = kept.compactMap(\.sessionID)
        #expect(ids.count == 2)
        #expect(ids[0].utf8.withContiguousStorageIfAvailable { $0.baseAddress } == ids[1].utf8.withContiguousStorageIfAvailable { $0.baseAddress })
    }

    @Test("texts read back exactly, plain or not")
    func readsBack() {
        let event = AnalysisEvent.decode(json: Self.lines[2])
        #expect(event.competitor == "Zürich \"Z\" AG")
        #expect(event.message == "Analyzing Z")
        #expect(event.stage == "research_competitor")
        #expect(event.sessionID == "s-1111-2222-3333")
        #expect(event.requestID == "r-2")
        if case .span = event.stageText {} else { Issue.record("a plain stage should be deferred") }
        if case .string = event.competitorText {} else { Issue.record("an escaped competitor should be made at once") }
    }
}

@Suite("Small number sets")
struct SmallNumberSetTests {
    @Test("numbers in and out of one word, and far apart, are found; no other is")
    func membership() {
        var set: SmallNumberSet = [0, 63]
        set.insert(64)
        set.insert(399)
        for number in 0..<500 {
            #expect(set.contains(number) == [0, 63, 64, 399].contains(number), "\(number)")
        }
        #expect(set != [])
        #expect(SmallNumberSet() == [])
    }
}
