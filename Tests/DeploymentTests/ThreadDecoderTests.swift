import Analysis
import Deployment
import JSON
import Testing

@Suite struct ThreadDecoderTests {
    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test func aThreadOfTheSearchIsRead() throws {
        let thread = try json("""
            {"thread_id":"01a231cf-aecd-71df-9482-d4479158ccd0","created_at":"2026-12-01T13:33:44.014129+00:00",
             "updated_at":"2026-12-01T13:33:45.049565+00:00","metadata":{"graph_id":"chat","assistant_id":"eb6db400"},
             "status":"interrupted","interrupts":{"6db6":[{"id":"811f","value":{"question":"Publish?"}}]}}
            """)
        let row = try #require(ThreadDecoder.thread(thread))
        #expect(row.threadID == "01a231cf-aecd-71df-9482-d4479158ccd0")
        #expect(row.graphID == "chat")
        #expect(row.assistant == "chat")
        #expect(row.status == .interrupted)
        #expect(row.updatedAt == Timestamp(iso8601: "2026-12-01T13:33:45.049565Z"))
        #expect(row.interrupts == [InterruptRequest(id: "811f", value: #"{"question":"Publish?"}"#)])
    }

    @Test func hostileFieldsAreCleanedCutOrLeftOut() throws {
        let long = String(repeating: "x", count: 10_000)
        let thread = try json("""
            {"thread_id":"a\\u001b[31mb","metadata":{"graph_id":"\(long)","assistant_id":7},"status":"exploded","updated_at":"yesterday"}
            """)
        let row = try #require(ThreadDecoder.thread(thread))
        #expect(!row.threadID.contains("\u{1b}"))
        #expect(row.graphID?.count == 128)
        #expect(row.assistantID == nil)
        #expect(row.status == nil)
        #expect(row.updatedAt == nil)
        #expect(ThreadDecoder.thread(try json(#"{"status":"idle"}"#)) == nil)
        #expect(ThreadDecoder.threads(try json(#"{"detail":"no"}"#)).isEmpty)
    }

    @Test func theNewestRunIsReadWithWhetherItCanBeJoinedFromItsStart() throws {
        let runs = try json("""
            [{"run_id":"r1","status":"running","created_at":"2026-12-01T10:00:00Z","updated_at":"2026-12-01T10:00:05Z",
              "kwargs":{"resumable":true}}]
            """)
        let run = try #require(ThreadDecoder.latestRun(runs))
        #expect(run.runID == "r1")
        #expect(run.isGoing)
        #expect(run.resumable)
        let start = try #require(Timestamp(iso8601: "2026-12-01T10:00:00Z")).seconds
        #expect(run.duration(now: start + 42) == 42)
        let done = LatestRun(runID: "r2", status: "success", createdAt: Timestamp(seconds: 10), updatedAt: Timestamp(seconds: 13))
        #expect(done.duration(now: 1_000) == 3)
        #expect(ThreadDecoder.latestRun(try json("[]")) == nil)
    }

    @Test func thePlaceIsTheNextNodesOrTheNodeTheRunEndedIn() throws {
        #expect(ThreadDecoder.place(history: try json(#"[{"next":["research"]},{"next":["plan"]}]"#)) == .inside(["research"]))
        #expect(ThreadDecoder.place(history: try json(#"[{"next":[]},{"next":["write_report"]}]"#)) == .endedIn("write_report"))
        #expect(ThreadDecoder.place(history: try json(#"[{"next":[]}]"#)) == nil)
        #expect(ThreadDecoder.place(history: try json(#"{}"#)) == nil)
    }

    @Test func countsAreBareNonNegativeNumbers() throws {
        #expect(ThreadDecoder.count(try json("1000")) == 1000)
        #expect(ThreadDecoder.count(try json("-1")) == nil)
        #expect(ThreadDecoder.count(try json("1e300")) == nil)
        #expect(ThreadDecoder.count(try json(#""3""#)) == nil)
    }
}

@Suite struct DeploymentQueryTests {
    @Test func statusListsAreReadAndBadWordsNamed() throws {
        #expect(try ThreadStatus.list("idle, busy,idle").get() == [.idle, .busy])
        #expect(throws: StatusListError.self) { try ThreadStatus.list("idle,done").get() }
    }

    @Test func sCyclesAllThenEachStatusThenAllAndGoesBackToThePagesStart() {
        var query = DeploymentQuery(limit: 5_000)
        #expect(query.limit == 1_000)
        query.offset = 300
        var seen: [String] = []
        for _ in 0..<6 {
            query = query.cyclingStatus()
            #expect(query.offset == 0)
            seen.append(query.statusLabel)
        }
        #expect(seen == ["idle", "busy", "interrupted", "error", "all", "idle"])
        #expect(DeploymentQuery(statuses: [.idle, .error]).cyclingStatus().statusLabel == "all")
    }
}
