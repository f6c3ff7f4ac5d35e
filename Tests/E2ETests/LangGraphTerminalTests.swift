import Foundation
import Testing
import TestSupport

/// `streamtop connect --langgraph … --ui tui` in a real terminal (tmux) against a real
/// `langgraph dev` (`LangGraphServer.shared`): the dashboard follows a run, answers its
/// interrupt with `a`, cancels a running run with `c` twice, and what it shows is checked
/// against what the server says.
@Suite("a LangGraph Server run in the dashboard, in a real terminal", .serialized)
struct LangGraphTerminalTests {
    /// A run's first screen may wait for the server to load its graphs.
    private static let firstScreenTimeout: Duration = .seconds(30)

    private static func start(_ arguments: [String]) async throws -> (LangGraphServer, Tmux, PaneProgram) {
        let server = try await LangGraphServer.shared.value
        let program = PaneProgram.streamtop(["connect", "--langgraph", server.url] + arguments + ["--ui", "tui"])
        let tmux = try Tmux(width: 120, height: 40, command: program.shellCommand)
        return (server, tmux, program)
    }

    @Test("the chat run stops at its interrupt, a answers it in the dashboard, the same dashboard follows the resumed run to success")
    func answerInterrupt() async throws {
        let (server, tmux, program) = try await Self.start(["--assistant", "chat", "--input", #"{"topic": "spine"}"#])

        let interrupted = try await tmux.waitForScreen(
            showing: ["interrupted: needs input", #"asks {"question":"Publish the summary?"}"#], timeout: Self.firstScreenTimeout
        )
        let header = Self.row(1, of: interrupted)
        #expect(header.contains(#"· interrupted · asks {"question":"Publish the summary?"}"#), "\(interrupted)")
        let thread = try #require(Self.shortID("thread", in: header), "no thread on the run's row:\n\(interrupted)")
        // The fan-out's three tasks, the model's node and the interrupted one, a row each.
        #expect(interrupted.contains("Stages 4/5 done, 1 interrupted"), "\(interrupted)")
        #expect(Self.lines(of: interrupted, containing: "✓ worker · ").count == 3, "\(interrupted)")
        #expect(Self.lines(of: interrupted, containing: "✓ summarize · ").count == 1, "\(interrupted)")
        let confirm = Self.lines(of: interrupted, containing: "confirm · ")
        #expect(confirm.count == 1 && confirm.allSatisfy { $0.contains("needs input") }, "\(interrupted)")
        // The fake model's tokens, gathered into its one message.
        #expect(interrupted.contains("Model output 1 message"), "\(interrupted)")
        #expect(interrupted.contains("Three tasks done."), "\(interrupted)")

        try tmux.sendKeys(["a"])
        try await tmux.waitForScreen(showing: [" answer: _", "Enter send · Esc cancel"])
        try tmux.sendKeys(["-l", #""yes""#])
        try await tmux.waitForScreen(showing: [#" answer: "yes"_"#])
        try tmux.sendKeys(["Enter"])

        let finished = try await tmux.waitForScreen("the resumed run's success") { screen in
            Self.row(0, of: screen).contains("completed") && Self.row(1, of: screen).contains("· success")
        }
        let finishedHeader = Self.row(1, of: finished)
        #expect(finishedHeader.contains("✓ completed"), "\(finished)")
        // The same thread, now with the run that answered.
        #expect(Self.shortID("thread", in: finishedHeader) == thread, "\(finished)")
        #expect(!finished.contains("needs input") && !finished.contains("· asks "), "\(finished)")
        #expect(finished.contains("Stages 5/5 done"), "\(finished)")
        #expect(Self.lines(of: finished, containing: "✓ confirm · ").count == 1, "\(finished)")
        #expect(finished.contains("Three tasks done."), "\(finished)")

        // The server agrees: the thread waits on nothing, and `"yes"` went as JSON (the string
        // yes), not as the five characters typed.
        let threadID = try await Self.threadID(endingWith: thread, on: server)
        let (status, body) = try await server.request("GET", "/threads/\(threadID)")
        #expect(status == 200, "\(body)")
        let state = try Self.object(body)
        #expect(state["status"] as? String == "idle", "\(body)")
        #expect((state["interrupts"] as? [String: Any])?.isEmpty == true, "\(body)")
        #expect((state["values"] as? [String: Any])?["answer"] as? String == "yes: 3 results published", "\(body)")
        let (_, runsBody) = try await server.request("GET", "/threads/\(threadID)/runs")
        let runs = try Self.array(runsBody)
        #expect(runs.count == 2 && runs.allSatisfy { $0["status"] as? String == "success" }, "\(runsBody)")

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    /// The chat graph is over in a moment, too soon to catch running; the analysis graph's
    /// fake searches wait `search_delay` seconds each, so its run is still going, for sure,
    /// until it is cancelled.
    @Test("c asks first, any other key keeps the run going, c twice cancels it on the server")
    func cancelRunningRun() async throws {
        let (server, tmux, program) = try await Self.start([
            "--assistant", "analysis", "--competitor", "Acme", "--focus-area", "spine",
            "--config", #"{"configurable": {"search_delay": 600}}"#,
        ])

        // The run's id is known (it is on the screen) and its research waits on a search.
        let running = try await tmux.waitForScreen("the run streaming its research", timeout: Self.firstScreenTimeout) { screen in
            Self.row(0, of: screen).contains("● streaming") && Self.row(1, of: screen).contains("now: research_competitor")
                && Self.shortID("run", in: Self.row(1, of: screen)) != nil
        }
        let run = try #require(Self.shortID("run", in: Self.row(1, of: running)))

        try tmux.sendKeys(["c"])
        try await tmux.waitForScreen(showing: ["press c again to cancel run \(run)", "any other key keeps it going"])
        try tmux.sendKeys(["Escape"])
        let kept = try await tmux.waitForScreen("Esc to drop the question") { !$0.contains("press c again") }
        #expect(Self.row(0, of: kept).contains("● streaming"), "\(kept)")

        try tmux.sendKeys(["c"])
        try await tmux.waitForScreen(showing: ["press c again to cancel run \(run)"])
        try tmux.sendKeys(["c"])
        try await tmux.waitForScreen(showing: ["cancelling run \(run)…"])

        // The stream ends and the dashboard asks the server how the run ended: its status
        // follows the ids on the run's row. The run's status and the feed's end are two
        // elements, which may reach the screen in two frames: the wait is for both.
        let ended = try await tmux.waitForScreen("the cancelled run's end") { screen in
            Self.row(1, of: screen).contains("run \(run) · ") && Self.shortID("thread", in: Self.row(1, of: screen)) != nil
                && !Self.row(0, of: screen).contains("streaming")
        }
        let endedHeader = Self.row(1, of: ended)
        #expect(endedHeader.contains("run \(run) · cancelled"), "\(ended)")
        #expect(Self.row(0, of: ended).contains("the run was cancelled"), "\(ended)")
        #expect(!Self.row(0, of: ended).contains("streaming"), "\(ended)")
        // LangGraph's cancel (action `interrupt`) leaves the run `interrupted`; on its own it
        // would have searched for at least 20 minutes.
        let thread = try #require(Self.shortID("thread", in: endedHeader))
        let threadID = try await Self.threadID(endingWith: thread, on: server)
        let (_, runsBody) = try await server.request("GET", "/threads/\(threadID)/runs")
        let runs = try Self.array(runsBody)
        #expect(runs.count == 1, "\(runsBody)")
        #expect(runs.allSatisfy { ($0["run_id"] as? String)?.hasSuffix(run) == true && $0["status"] as? String == "interrupted" }, "\(runsBody)")

        // A cancelled run has no interrupt to answer.
        #expect(!ended.contains("needs input"), "\(ended)")

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    // MARK: - Reading the screen and the server

    private static func row(_ index: Int, of screen: String) -> String {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return rows.indices.contains(index) ? String(rows[index]) : ""
    }

    private static func lines(of screen: String, containing text: String) -> [Substring] {
        screen.split(separator: "\n").filter { $0.contains(text) }
    }

    /// The shortened id after `thread ` or `run ` on the header's run row.
    private static func shortID(_ label: String, in row: String) -> String? {
        let pattern = try! Regex("\(label) ([0-9a-f]{8})(?![0-9a-f])")
        return row.firstMatch(of: pattern).flatMap { $0.output[1].substring.map(String.init) }
    }

    /// The thread whose id ends with the dashboard's short id (its last eight digits), among
    /// the server's newest threads (other tests make threads on the same server).
    private static func threadID(endingWith short: String, on server: LangGraphServer) async throws -> String {
        let (status, body) = try await server.request(
            "POST", "/threads/search", json: #"{"limit": 1000, "sort_by": "created_at", "sort_order": "desc"}"#
        )
        #expect(status == 200, "\(body)")
        let matching = try array(body).compactMap { $0["thread_id"] as? String }.filter { $0.hasSuffix(short) }
        guard matching.count == 1 else {
            throw E2EFailure("expected one thread ending with \(short) on the server, found \(matching)")
        }
        return matching[0]
    }

    private static func object(_ body: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw E2EFailure("not a JSON object: \(body.prefix(500))")
        }
        return object
    }

    private static func array(_ body: String) throws -> [[String: Any]] {
        guard let array = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] else {
            throw E2EFailure("not a JSON array of objects: \(body.prefix(500))")
        }
        return array
    }
}
