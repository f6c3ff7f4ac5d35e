import Analysis
@testable import Dashboard
import Deployment
import Testing

/// The list of a deployment's threads: refreshes, selection, paging, filters, actions, and a
/// dashboard opened on a thread in front of it.
@Suite("The runs list")
struct RunsListTests {
    static let size = Size(width: 120, height: 14)
    /// Rows the table has at that size (14 minus the header, titles and footer).
    static let tableRows = 10

    private static func uuid(_ number: Int) -> String {
        "01a231cf-0000-7000-8000-" + String(String(number, radix: 16).reversed()).padding(toLength: 12, withPad: "0", startingAt: 0)
    }

    private static func row(_ number: Int, _ status: ThreadStatus = .idle, run: String? = "success", interrupts: [InterruptRequest] = []) -> ThreadRow {
        var row = ThreadRow(threadID: uuid(number))
        row.graphID = number.isMultiple(of: 2) ? "analysis" : "chat"
        row.status = status
        row.updatedAt = Timestamp(seconds: 1_000_000 - Double(number))
        row.interrupts = interrupts
        if let run {
            row.run = LatestRun(runID: "run-\(number)", status: run, createdAt: Timestamp(seconds: 999_000), updatedAt: Timestamp(seconds: 999_003))
        }
        return row
    }

    private static func snapshot(_ rows: [ThreadRow], query: DeploymentQuery = DeploymentQuery(), matching: Int? = nil) -> DeploymentSnapshot {
        DeploymentSnapshot(
            query: query, rows: rows, deployment: [.idle: rows.count], matching: matching ?? rows.count, fetchedAt: 1_000_000, requests: 5)
    }

    private static func app(_ rows: [ThreadRow], matching: Int? = nil) -> RunsApp {
        var app = RunsApp(list: RunsState(host: "127.0.0.1", query: DeploymentQuery(), now: 1_000_000))
        _ = app.send(.resized(size))
        _ = app.send(.deployment(.refreshed(snapshot(rows, matching: matching))))
        return app
    }

    private func press(_ keys: Key..., in app: inout RunsApp) -> [Effect] {
        keys.flatMap { app.send(.key($0)) }
    }

    private func type(_ text: String, in app: inout RunsApp) -> [Effect] {
        text.flatMap { app.send(.key(.character($0))) }
    }

    private func screen(_ app: RunsApp) -> [String] {
        app.render(Self.size).lines
    }

    @Test func aRefreshKeepsTheSelectionOnItsThreadWhereverItMoved() {
        var app = Self.app((0..<5).map { Self.row($0) })
        _ = press(.down, .down, in: &app)
        #expect(app.list.selectedThread == Self.uuid(2))
        // Thread 2 is now the newest: the selection follows it to the top.
        _ = app.send(.deployment(.refreshed(Self.snapshot([2, 0, 1, 3, 4].map { Self.row($0) }))))
        #expect(app.list.selection == 0)
        #expect(app.list.selectedThread == Self.uuid(2))
        // Gone: the selection stays at its place.
        _ = app.send(.deployment(.refreshed(Self.snapshot([0, 1, 3, 4].map { Self.row($0) }))))
        #expect(app.list.selection == 0)
        #expect(app.list.selectedThread == Self.uuid(0))
    }

    @Test func aFailedRefreshKeepsTheRowsAndSaysSinceWhenTheyAreStale() {
        var app = Self.app((0..<3).map { Self.row($0) })
        _ = app.send(.deployment(.refreshFailed(reason: "HTTP 503 Service Unavailable", at: 1_000_000)))
        _ = app.send(.deployment(.refreshFailed(reason: "connection refused", at: 1_000_002)))
        _ = app.send(.tick(now: 1_000_005))
        let lines = screen(app)
        #expect(lines[1].contains("stale 5s: connection refused"))
        #expect(lines.contains { $0.contains(ShortID.of(Self.uuid(2))) })
        // The rows are dimmed while stale, but for the selection.
        let grid = app.render(Self.size)
        #expect(grid[x: 4, y: 4].style.role == .dim)
        #expect(grid[x: 4, y: 3].style == .selection)
        _ = app.send(.deployment(.refreshed(Self.snapshot((0..<3).map { Self.row($0) }))))
        #expect(!screen(app)[1].contains("stale"))
        #expect(app.render(Self.size)[x: 4, y: 4].style.role != .dim)
    }

    @Test func theHeaderCountsTheDeploymentAndThePage() {
        var app = Self.app((0..<10).map { Self.row($0) }, matching: 1_000)
        var counts = Self.snapshot((0..<10).map { Self.row($0) }, matching: 1_000)
        counts.deployment = [.idle: 700, .busy: 200, .interrupted: 90, .error: 10]
        _ = app.send(.deployment(.refreshed(counts)))
        let lines = screen(app)
        #expect(lines[0].contains("idle 700 · busy 200 · interrupted 90 · error 10 · 1,000 threads"))
        #expect(lines[1].contains("threads 1–10 of 1,000 (page 1/10)"))
    }

    @Test func pagesTurnAtTheEdgesAndLandWhereTheyShould() {
        var app = Self.app((0..<100).map { Self.row($0) }, matching: 250)
        let effects = press(.end, .down, in: &app)
        var next = DeploymentQuery()
        next.offset = 100
        #expect(effects.contains(.deployment(.query(next))))
        // Until the page comes, the old rows stay and the header says it is loading.
        #expect(screen(app)[1].contains("loading…"))
        _ = app.send(.deployment(.refreshed(Self.snapshot((100..<200).map { Self.row($0) }, query: next, matching: 250))))
        #expect(app.list.selectedThread == Self.uuid(100))
        // Back up from the first row: the previous page, landing on its last row.
        var previous = next
        previous.offset = 0
        #expect(press(.up, in: &app).contains(.deployment(.query(previous))))
        _ = app.send(.deployment(.refreshed(Self.snapshot((0..<100).map { Self.row($0) }, query: previous, matching: 250))))
        #expect(app.list.selectedThread == Self.uuid(99))
        // No page past the last.
        _ = app.send(.deployment(.refreshed(Self.snapshot((200..<250).map { Self.row($0) }, query: { var q = next; q.offset = 200; return q }(), matching: 250))))
        #expect(press(.character("]"), in: &app).isEmpty == false)
    }

    @Test func movesWaitWhileAPageLoadsSoASecondKeyDoesNotTurnAnother() {
        var app = Self.app((0..<100).map { Self.row($0) }, matching: 250)
        var next = DeploymentQuery()
        next.offset = 100
        #expect(press(.end, .down, in: &app).contains(.deployment(.query(next))))
        // The rows are still the first page's: a second ↓ must not act on them.
        #expect(press(.down, .pageDown, .up, in: &app).isEmpty)
        #expect(app.list.query.offset == 100)
    }

    @Test func anAnsweredThreadWaitsNoLongerWhileItsRunResumesIt() {
        var row = Self.row(0, .busy, run: "pending", interrupts: [InterruptRequest(id: "i", value: "\"Publish?\"")])
        #expect(!row.waitsForAnswer)
        row.status = .interrupted
        #expect(row.waitsForAnswer)
    }

    @Test func anAnswerToAnOlderQueryIsNotShown() {
        var app = Self.app((0..<3).map { Self.row($0) })
        _ = press(.character("s"), in: &app)
        #expect(app.list.query.statuses == [.idle])
        // The refresh that was under way answers the query before `s`.
        _ = app.send(.deployment(.refreshed(Self.snapshot((10..<13).map { Self.row($0) }))))
        #expect(app.list.rows.map(\.threadID) == (0..<3).map(Self.uuid))
    }

    @Test func theTextFilterNarrowsTheRowsAndEscClearsIt() {
        var app = Self.app((0..<6).map { Self.row($0) })
        _ = press(.character("/"), in: &app)
        _ = type("chat", in: &app)
        _ = press(.enter, in: &app)
        #expect(app.list.rows.count == 3)
        #expect(screen(app)[1].contains("filter \"chat\""))
        _ = press(.escape, in: &app)
        #expect(app.list.rows.count == 6)
    }

    @Test func anInterruptIsAnsweredOnlyWhereOneWaits() {
        let waiting = Self.row(1, .interrupted, interrupts: [InterruptRequest(id: "i1", value: #"{"question":"Publish?"}"#)])
        // A cancelled run's thread reads interrupted too, with nothing to answer.
        let cancelled = Self.row(2, .interrupted, run: "interrupted")
        var app = Self.app([waiting, cancelled])
        _ = press(.down, .character("a"), in: &app)
        #expect(app.list.input == .keys)
        #expect(screen(app).last?.contains("waits on no interrupt") == true)
        _ = press(.up, .character("a"), in: &app)
        #expect(app.list.input == .answer(thread: waiting.threadID))
        #expect(screen(app).last?.contains(#"it asks {"question":"Publish?"}"#) == true)
        #expect(press(.enter, in: &app).isEmpty)
        _ = type("yes", in: &app)
        #expect(press(.enter, in: &app) == [.deployment(.answer(thread: waiting.threadID, text: "yes"))])
        _ = app.send(.deployment(.acted("answered thread \(ShortID.of(waiting.threadID))", isError: false)))
        #expect(screen(app).last?.contains("answered thread") == true)
    }

    @Test func aRunIsCancelledOnlyOnASecondC() {
        var app = Self.app([Self.row(0, .busy, run: "running"), Self.row(1)])
        #expect(press(.character("c"), in: &app).isEmpty)
        #expect(screen(app).last?.contains("press c again to cancel run") == true)
        #expect(press(.character("c"), in: &app) == [.deployment(.cancel(thread: Self.uuid(0), run: "run-0"))])
        // Any other key drops the question.
        _ = press(.character("c"), .down, .up, in: &app)
        #expect(app.list.cancelConfirmation == nil)
        // A run that has ended is not cancelled.
        _ = press(.down, in: &app)
        #expect(press(.character("c"), .character("c"), in: &app).isEmpty)
    }

    @Test func aNewRunAsksForItsAssistantThenItsInput() {
        var app = Self.app([Self.row(0)])
        _ = press(.character("n"), in: &app)
        #expect(app.list.typed == "analysis")
        _ = press(.enter, in: &app)
        _ = press(.backspace, .backspace, in: &app)
        _ = type(#"{"competitors":["A"]}"#, in: &app)
        #expect(press(.enter, in: &app) == [.deployment(.start(assistant: "analysis", input: #"{"competitors":["A"]}"#))])
    }

    @Test func enterOpensTheThreadsRunAndEscComesBackToTheSameSelection() {
        var app = Self.app((0..<5).map { Self.row($0) })
        _ = press(.down, .down, .down, in: &app)
        let effects = press(.enter, in: &app)
        #expect(effects == [.openThread(session: 1, thread: Self.uuid(3), run: "run-3")])
        #expect(screen(app)[0].contains("LANGGRAPH 127.0.0.1 · chat"))
        #expect(screen(app).last?.contains("Esc back") == true)
        // Keys go to the dashboard; the list refreshes behind it.
        _ = press(.down, in: &app)
        #expect(app.list.selectedThread == Self.uuid(3))
        _ = app.send(.deployment(.refreshed(Self.snapshot((0..<5).map { Self.row($0) }))))
        // Actions of a dashboard closed before are dropped; this one's reach it.
        _ = app.send(.thread(session: 7, .connection(.completed)))
        #expect(app.opened?.app.state.connection == nil)
        _ = app.send(.thread(session: 1, .connection(.completed)))
        #expect(app.opened?.app.state.connection == .completed)
        #expect(press(.escape, in: &app) == [.closeThread(session: 1)])
        #expect(app.opened == nil)
        #expect(screen(app)[0].contains("RUNS 127.0.0.1"))
        #expect(app.list.selectedThread == Self.uuid(3))
        // A thread without a run has nothing to open.
        var empty = Self.app([Self.row(0, run: nil)])
        #expect(press(.enter, in: &empty).isEmpty)
        #expect(screen(empty).last?.contains("has no run yet") == true)
    }

    @Test func theDeploymentIsToldWhichRowsAreOnScreenWhenTheyChange() {
        var app = RunsApp(list: RunsState(host: "h", query: DeploymentQuery(), now: 1_000_000))
        _ = app.send(.resized(Self.size))
        let effects = app.send(.deployment(.refreshed(Self.snapshot((0..<50).map { Self.row($0) }))))
        #expect(effects == [.deployment(.showing((0..<Self.tableRows).map(Self.uuid)))])
        #expect(press(.down, in: &app).isEmpty)
        // Selection 1, then 11, then 21: the last row on screen, the ten rows from 12.
        #expect(press(.pageDown, .pageDown, in: &app).last == .deployment(.showing((12..<22).map(Self.uuid))))
    }

    @Test func idleTicksRedrawOnlyWhenARunningRunsDurationMoves() {
        var idle = Self.app((0..<3).map { Self.row($0) })
        let frame = idle.frame
        _ = idle.send(.tick(now: 1_000_001))
        _ = idle.send(.tick(now: 1_000_002))
        #expect(idle.frame == frame)
        var running = Self.app([Self.row(0, .busy, run: "running")])
        let before = running.frame
        _ = running.send(.tick(now: 1_000_001))
        #expect(running.frame > before)
    }

    @Test func hostileTextStaysInItsColumnAndTinyScreensSaySo() {
        var row = Self.row(0)
        row.graphID = String(repeating: "界", count: 40)
        row.place = .inside(Array(repeating: "research", count: 3) + ["plan"])
        let app = Self.app([row])
        let line = screen(app)[3]
        #expect(line.contains("research ×3, plan"))
        #expect(TextWidth.of(line) <= Self.size.width)
        #expect(app.render(Size(width: 30, height: 4)).lines[0].hasPrefix("Too small"))
    }
}
