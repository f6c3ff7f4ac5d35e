import Foundation
import Testing
import TestSupport

/// `streamtop runs --langgraph … --ui tui` in a real terminal (tmux) against a real
/// `langgraph dev`: the live table of a deployment's threads, driven with its keys (Enter and
/// Esc, `a`, `c` twice, `n`, `]` `[` `G` ↓ ↑), and what it shows checked against what the
/// server says.
///
/// Each test has a server of its own (`LangGraphServer.start()`), so that the table holds the
/// test's threads and nothing else (its counts and pages are exact), and so that a slow run
/// of one test never holds the server's one worker for another. The tests run one at a time:
/// a `langgraph dev` is heavy for two cores.
///
/// Nothing waits by sleeping: every step waits, with a deadline, for a text on the screen, the
/// selection to be drawn on a row, or the server to say something.
@Suite("streamtop runs: a LangGraph Server's threads in a real terminal", .serialized)
struct RunsTerminalTests {
    /// The first screen may wait for a fresh server to load its graphs.
    private static let firstScreenTimeout: Duration = .seconds(30)

    // MARK: - Enter and Esc

    @Test("Enter opens the selected thread's finished run in the dashboard; Esc brings the list back, the same row selected",
          .timeLimit(.minutes(2)))
    func drillInAndBackOut() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let (analysis, analysisRun, chat) = try await Self.makeFinishedAnalysisAndInterruptedChat(on: server)
        let (a, c) = (Self.short(analysis), Self.short(chat))

        let (tmux, program) = try Self.launch(server, ["--refresh", "0.5"])
        // Both rows with their details (the latest run, the node), newest activity first.
        let list = try await tmux.waitForScreen("both threads with their runs and nodes", timeout: Self.firstScreenTimeout) { screen in
            Self.tableRow(c, in: screen)?.node == "confirm" && Self.tableRow(a, in: screen)?.node == "✓ synthesize_report"
        }
        #expect(Self.row(0, of: list).hasPrefix(" streamtop  RUNS 127.0.0.1"), "\(list)")
        #expect(Self.row(0, of: list).hasSuffix("idle 1 · busy 0 · interrupted 1 · error 0 · 2 threads"), "\(list)")
        #expect(Self.row(1, of: list).hasPrefix(" threads 1–2 of 2 (page 1/1) · status all"), "\(list)")
        #expect(Self.row(2, of: list).hasPrefix("  THREAD   ASSISTANT    STATUS      RUN         STARTED     TOOK   NODE"), "\(list)")
        let chatRow = try #require(Self.tableRow(c, in: list))
        #expect(chatRow == Self.TableRow(waits: true, thread: c, assistant: "chat", status: "interrupted", run: "success",
                                         started: chatRow.started, took: chatRow.took, node: "confirm"), "\(list)")
        let analysisRow = try #require(Self.tableRow(a, in: list))
        #expect(analysisRow == Self.TableRow(waits: false, thread: a, assistant: "analysis", status: "idle", run: "success",
                                             started: analysisRow.started, took: analysisRow.took, node: "✓ synthesize_report"), "\(list)")
        #expect(Self.tableRows(in: list).map(\.thread) == [c, a], "newest activity first:\n\(list)")

        // The selection starts on the first row; j moves it to the analysis thread. The footer
        // follows the selection, so it is read from a screen that shows the selection drawn.
        let first = try await Self.waitForSelection(c, in: tmux)
        #expect(Self.row(-1, of: first).contains(" a answer "), "the chat thread waits on an interrupt:\n\(first)")
        try tmux.sendKeys(["j"])
        let selected = try await Self.waitForSelection(a, in: tmux)
        #expect(!Self.row(-1, of: selected).contains(" a answer "), "the analysis thread waits on nothing:\n\(selected)")

        try tmux.sendKeys(["Enter"])
        let dashboard = try await tmux.waitForScreen("the analysis run, finished, in the dashboard") { screen in
            Self.row(0, of: screen).contains("LANGGRAPH 127.0.0.1 · analysis") && Self.row(1, of: screen).contains("· success")
                && screen.contains("Competitors 2/2 finished")
        }
        #expect(Self.row(0, of: dashboard).contains("completed"), "\(dashboard)")
        let runLine = Self.row(1, of: dashboard)
        #expect(runLine.contains("100% ✓ completed"), "\(dashboard)")
        #expect(runLine.contains("thread \(a) · run \(Self.short(analysisRun)) · success"), "\(dashboard)")
        #expect(dashboard.contains("Stages 5/5 done"), "\(dashboard)")
        #expect(!dashboard.contains("THREAD   ASSISTANT"), "the list is behind the dashboard:\n\(dashboard)")

        try tmux.sendKeys(["Escape"])
        let back = try await Self.waitForSelection(a, in: tmux)
        #expect(Self.row(1, of: back).hasPrefix(" threads 1–2 of 2 (page 1/1)"), "\(back)")
        #expect(!back.contains("LANGGRAPH"), "\(back)")
        // The list answers keys again, and the selection moves from where it was.
        try tmux.sendKeys(["k"])
        try await Self.waitForSelection(c, in: tmux)

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    // MARK: - a

    @Test("a answers the selected thread's interrupt from the list; the server resumes it and the row reads idle",
          .timeLimit(.minutes(2)))
    func answerInterrupt() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let chat = try await Self.makeThread(on: server)
        try await Self.runChatToItsInterrupt(on: chat, server: server)
        // A newer thread with no run, on the first row.
        let empty = try await Self.makeThread(on: server)
        let (c, e) = (Self.short(chat), Self.short(empty))

        let (tmux, program) = try Self.launch(server, ["--refresh", "0.5"])
        try await tmux.waitForScreen("the interrupted thread and the empty one", timeout: Self.firstScreenTimeout) { screen in
            Self.tableRow(c, in: screen)?.node == "confirm" && Self.tableRow(e, in: screen)?.run == "no run"
        }
        try await Self.waitForSelection(e, in: tmux)

        // Nothing to answer on a thread that waits on nothing: no prompt opens; nothing to open.
        try tmux.sendKeys(["a"])
        try await tmux.waitForScreen(showing: ["thread \(e) waits on no interrupt"])
        #expect(!(try tmux.capture()).contains(" answer: "))
        try tmux.sendKeys(["Enter"])
        try await tmux.waitForScreen(showing: ["thread \(e) has no run yet"])

        try tmux.sendKeys(["j"])
        try await Self.waitForSelection(c, in: tmux)
        try tmux.sendKeys(["a"])
        let prompt = try await tmux.waitForScreen(showing: [" answer: _"])
        #expect(Self.row(-1, of: prompt).hasPrefix(#" answer: _   it asks {"question":"Publish the summary?"}   Enter send · Esc cancel"#), "\(prompt)")
        try tmux.sendKeys(["-l", #""yes""#])
        try await tmux.waitForScreen(showing: [#" answer: "yes"_"#])
        try tmux.sendKeys(["Enter"])

        let answered = try await tmux.waitForScreen("the answer's notice") { Self.row(-1, of: $0).contains("answered thread \(c); run ") }
        let notice = Self.row(-1, of: answered)
        let resumingRun = try #require(notice.firstMatch(of: /answered thread [0-9a-f]{8}; run ([0-9a-f]{8}) resumes it/)?.output.1,
                                       "\(answered)")

        // The server resumed the thread with the JSON string "yes" and the run ended.
        let state = try await Self.waitForServer("thread \(c) idle after the answer") { () async throws -> [String: Any]? in
            let state = try Self.object(try await server.request("GET", "/threads/\(chat)").body)
            return state["status"] as? String == "idle" ? state : nil
        }
        #expect((state["interrupts"] as? [String: Any])?.isEmpty == true, "\(state)")
        #expect((state["values"] as? [String: Any])?["answer"] as? String == "yes: 3 results published", "\(state)")
        let runs = try Self.array(try await server.request("GET", "/threads/\(chat)/runs").body)
        #expect(runs.count == 2, "\(runs)")
        #expect(runs.contains { ($0["run_id"] as? String)?.hasSuffix(String(resumingRun)) == true && $0["status"] as? String == "success" },
                "\(runs)")

        // A refresh later, the row says so: idle, its new run a success, ended in confirm, no mark.
        let idle = try await tmux.waitForScreen("the answered thread's row idle") { screen in
            Self.tableRow(c, in: screen)?.status == "idle" && Self.tableRow(c, in: screen)?.node == "✓ confirm"
                && Self.row(0, of: screen).hasSuffix("idle 2 · busy 0 · interrupted 0 · error 0 · 2 threads")
        }
        let row = try #require(Self.tableRow(c, in: idle))
        #expect(!row.waits && row.run == "success", "\(idle)")
        // Still selected, and with nothing to answer the footer no longer offers a.
        try await Self.waitForSelection(c, in: tmux)
        let hints = try await tmux.waitForScreen("the footer's hints back") { Self.row(-1, of: $0).hasPrefix(" q quit ") }
        #expect(!Self.row(-1, of: hints).contains(" a answer "), "\(hints)")

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    // MARK: - c

    /// The analysis graph's fake searches wait `search_delay` seconds each: with 600, the run
    /// goes, for sure, until it is cancelled.
    @Test("c asks first, Esc keeps the run going, c twice cancels the selected thread's run on the server",
          .timeLimit(.minutes(2)))
    func cancelRun() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let idle = try await Self.makeThread(on: server)
        let busy = try await Self.makeThread(on: server)
        let run = try await Self.startAnalysis(on: busy, server: server, searchDelay: 600)
        try await Self.waitForRun(run, of: busy, toBe: ["running"], on: server)
        let (i, b, r) = (Self.short(idle), Self.short(busy), Self.short(run))

        let (tmux, program) = try Self.launch(server, ["--refresh", "0.5"])
        let list = try await tmux.waitForScreen("the running thread's row", timeout: Self.firstScreenTimeout) { screen in
            Self.tableRow(b, in: screen)?.run == "running" && Self.tableRow(i, in: screen) != nil
        }
        let busyRow = try #require(Self.tableRow(b, in: list))
        #expect(busyRow.status == "busy" && busyRow.assistant == "analysis", "\(list)")
        #expect(Self.row(0, of: list).hasSuffix("idle 1 · busy 1 · interrupted 0 · error 0 · 2 threads"), "\(list)")
        let selected = try await Self.waitForSelection(b, in: tmux)
        #expect(Self.row(-1, of: selected).contains(" c cancel "), "\(selected)")

        // Nothing to cancel on the other thread.
        try tmux.sendKeys(["j"])
        try await Self.waitForSelection(i, in: tmux)
        try tmux.sendKeys(["c"])
        try await tmux.waitForScreen(showing: ["nothing to cancel: thread \(i)'s run is not going"])
        try tmux.sendKeys(["k"])
        try await Self.waitForSelection(b, in: tmux)

        // c asks; Esc drops the question, and the run goes on.
        try tmux.sendKeys(["c"])
        let asked = try await tmux.waitForScreen(showing: ["press c again to cancel run \(r)"])
        #expect(Self.row(-1, of: asked).hasPrefix(" press c again to cancel run \(r)   any other key keeps it going"), "\(asked)")
        try tmux.sendKeys(["Escape"])
        try await tmux.waitForScreen("Esc to drop the question") { !$0.contains("press c again") }
        #expect(try await Self.runStatus(run, of: busy, on: server) == "running")

        // c twice cancels it.
        try tmux.sendKeys(["c"])
        try await tmux.waitForScreen(showing: ["press c again to cancel run \(r)"])
        try tmux.sendKeys(["c"])
        try await tmux.waitForScreen(showing: ["cancelled run \(r) of thread \(b)"])
        // LangGraph's cancel (action `interrupt`) leaves the run `interrupted`.
        try await Self.waitForRun(run, of: busy, toBe: ["interrupted"], on: server)

        // The row follows: the thread reads interrupted, with nothing to answer (no mark).
        let ended = try await tmux.waitForScreen("the cancelled thread's row") { screen in
            Self.tableRow(b, in: screen)?.status == "interrupted" && Self.tableRow(b, in: screen)?.run == "interrupted"
                && Self.row(0, of: screen).hasSuffix("idle 1 · busy 0 · interrupted 1 · error 0 · 2 threads")
        }
        #expect(Self.tableRow(b, in: ended)?.waits == false, "\(ended)")
        let hints = try await tmux.waitForScreen("the footer's hints back") { Self.row(-1, of: $0).hasPrefix(" q quit ") }
        #expect(!Self.row(-1, of: hints).contains(" c cancel ") && !Self.row(-1, of: hints).contains(" a answer "), "\(hints)")

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    // MARK: - / and s

    @Test("/ filters the page's rows by text (Enter keeps it, Esc clears it); s cycles the status filter, asked of the server",
          .timeLimit(.minutes(2)))
    func filters() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let (analysis, _, chat) = try await Self.makeFinishedAnalysisAndInterruptedChat(on: server)
        let empty = try await Self.makeThread(on: server)
        let (a, c, e) = (Self.short(analysis), Self.short(chat), Self.short(empty))
        let all = [e, c, a]

        let (tmux, program) = try Self.launch(server, ["--refresh", "0.5"])
        try await tmux.waitForScreen("the three threads", timeout: Self.firstScreenTimeout) { screen in
            Self.tableRows(in: screen).map(\.thread) == all && Self.tableRow(a, in: screen)?.node == "✓ synthesize_report"
        }

        try tmux.sendKeys(["/"])
        try await tmux.waitForScreen(showing: [" filter: _   Enter keep · Esc clear"])
        try tmux.sendKeys(["-l", "chat"])
        let filtered = try await tmux.waitForScreen("the chat row alone") { Self.tableRows(in: $0).map(\.thread) == [c] }
        #expect(Self.row(1, of: filtered).contains(#"· status all · filter "chat""#), "\(filtered)")
        #expect(Self.row(-1, of: filtered).hasPrefix(" filter: chat_"), "\(filtered)")
        try tmux.sendKeys(["Enter"])
        let kept = try await tmux.waitForScreen("the filter kept") { Self.row(-1, of: $0).hasPrefix(" q quit ") }
        #expect(Self.tableRows(in: kept).map(\.thread) == [c], "\(kept)")
        try await Self.waitForSelection(c, in: tmux)
        try tmux.sendKeys(["Escape"])
        let cleared = try await tmux.waitForScreen("the filter cleared") { Self.tableRows(in: $0).map(\.thread) == all }
        #expect(!Self.row(1, of: cleared).contains("filter"), "\(cleared)")
        // The selection stayed on its thread.
        try await Self.waitForSelection(c, in: tmux)

        // s: all, idle, busy, interrupted, error, all again; each a search of the server's.
        let cycle: [(label: String, header: String, rows: [String])] = [
            ("idle", " threads 1–2 of 2 (page 1/1) · status idle", [e, a]),
            ("busy", " no threads · status busy", []),
            ("interrupted", " thread 1 of 1 (page 1/1) · status interrupted", [c]),
            ("error", " no threads · status error", []),
            ("all", " threads 1–3 of 3 (page 1/1) · status all", all),
        ]
        for step in cycle {
            try tmux.sendKeys(["s"])
            // The header and the rows both: a screen caught mid-frame can show one without the other.
            let screen = try await tmux.waitForScreen("status \(step.label) and its rows \(step.rows)") { screen in
                Self.row(1, of: screen).hasPrefix(step.header) && !Self.row(1, of: screen).contains("loading…")
                    && Self.tableRows(in: screen).map(\.thread) == step.rows
                    && (!step.rows.isEmpty || Self.row(3, of: screen) == "  no threads match the filters")
            }
            // The deployment's counts do not move with the filter.
            #expect(Self.row(0, of: screen).hasSuffix("idle 2 · busy 0 · interrupted 1 · error 0 · 3 threads"), "\(screen)")
        }

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    // MARK: - Pages

    @Test("1,000 threads in pages of 100: ] and [ turn pages, ↓ on the last row and ↑ on the first go on to the next and previous",
          .timeLimit(.minutes(3)))
    func paging() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        try await Self.makeThreads(1_000, on: server)
        // The order the list should show them in: newest activity first.
        let search = try await server.request(
            "POST", "/threads/search",
            json: #"{"limit": 1000, "sort_by": "updated_at", "sort_order": "desc", "select": ["thread_id"]}"#)
        let order = try Self.array(search.body).compactMap { ($0["thread_id"] as? String).map(Self.short) }
        try #require(order.count == 1_000 && Set(order).count == 1_000, "\(search.body.prefix(500))")

        let (tmux, program) = try Self.launch(server, ["--limit", "100"], height: 30)
        let first = try await Self.waitForPage(1, in: tmux, timeout: Self.firstScreenTimeout)
        #expect(Self.row(0, of: first).hasSuffix("idle 1,000 · busy 0 · interrupted 0 · error 0 · 1,000 threads"), "\(first)")
        #expect(Self.row(1, of: first).hasPrefix(" threads 1–100 of 1,000 (page 1/10) · status all"), "\(first)")
        // A screen of the page: 30 rows less the header's two, the titles and the footer.
        #expect(Self.tableRows(in: first).map(\.thread) == Array(order[0..<26]), "\(first)")
        try await Self.waitForSelection(order[0], in: tmux)

        // Nothing before the first page.
        try tmux.sendKeys(["["])
        try tmux.sendKeys(["]"])
        let second = try await Self.waitForPage(2, in: tmux)
        #expect(Self.row(1, of: second).hasPrefix(" threads 101–200 of 1,000 (page 2/10)"), "\(second)")
        #expect(Self.tableRows(in: second).first?.thread == order[100], "\(second)")
        try await Self.waitForSelection(order[100], in: tmux)

        // G: the page's last row, the table scrolled to it; ↓ there: the next page, its first row.
        try tmux.sendKeys(["G"])
        let bottom = try await Self.waitForSelection(order[199], in: tmux)
        #expect(Self.tableRows(in: bottom).map(\.thread) == Array(order[174..<200]), "\(bottom)")
        try tmux.sendKeys(["Down"])
        let third = try await Self.waitForPage(3, in: tmux)
        #expect(Self.row(1, of: third).hasPrefix(" threads 201–300 of 1,000 (page 3/10)"), "\(third)")
        try await Self.waitForSelection(order[200], in: tmux)

        // [: the previous page, its first row; ↑ on the first row: the page before, its last row.
        try tmux.sendKeys(["["])
        try await Self.waitForPage(2, in: tmux)
        try await Self.waitForSelection(order[100], in: tmux)
        try tmux.sendKeys(["Up"])
        let firstAgain = try await Self.waitForPage(1, in: tmux)
        #expect(Self.row(1, of: firstAgain).hasPrefix(" threads 1–100 of 1,000 (page 1/10)"), "\(firstAgain)")
        let last = try await Self.waitForSelection(order[99], in: tmux)
        #expect(Self.tableRows(in: last).map(\.thread) == Array(order[74..<100]), "\(last)")

        // Ten presses at once: nine turn to the tenth page (only the page asked last is shown), the
        // tenth finds none after it.
        try tmux.sendKeys(Array(repeating: "]", count: 10))
        let tenth = try await Self.waitForPage(10, in: tmux)
        #expect(Self.row(1, of: tenth).hasPrefix(" threads 901–1,000 of 1,000 (page 10/10)"), "\(tenth)")
        try await Self.waitForSelection(order[900], in: tmux)
        try tmux.sendKeys(["G", "Down"])
        try await Self.waitForSelection(order[999], in: tmux)
        try tmux.sendKeys(["["])
        let ninth = try await Self.waitForPage(9, in: tmux)
        #expect(Self.row(1, of: ninth).hasPrefix(" threads 801–900 of 1,000 (page 9/10)"), "\(ninth)")
        try await Self.waitForSelection(order[800], in: tmux)

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    /// Keys pressed while the next page loads still act on the rows shown: at the last row, a
    /// second ↓ turns the page again (the page asked for is not there yet), so ↓↓ at the bottom
    /// of page 1 lands on page 3, and page 2 is never seen.
    @Test("↓ twice on the page's last row, faster than the next page loads, goes to the next page, not the one after",
          .timeLimit(.minutes(2)))
    func downTwiceOnTheLastRow() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        try await Self.makeThreads(30, on: server)
        let search = try await server.request(
            "POST", "/threads/search", json: #"{"limit": 30, "sort_by": "updated_at", "sort_order": "desc", "select": ["thread_id"]}"#)
        let order = try Self.array(search.body).compactMap { ($0["thread_id"] as? String).map(Self.short) }
        try #require(order.count == 30, "\(search.body.prefix(500))")

        let (tmux, program) = try Self.launch(server, ["--limit", "10"])
        try await Self.waitForPage(1, of: 3, rows: 10, in: tmux, timeout: Self.firstScreenTimeout)
        try tmux.sendKeys(["G"])
        try await Self.waitForSelection(order[9], in: tmux)
        // One write: both keys reach the list before the next page can.
        try tmux.sendKeys(["Down", "Down"])
        let settled = try await tmux.waitForScreen("another page") { screen in
            !Self.row(1, of: screen).contains("loading…") && !Self.row(1, of: screen).contains("(page 1/3)")
        }
        #expect(Self.row(1, of: settled).hasPrefix(" threads 11–20 of 30 (page 2/3)"), "\(settled)")

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    // MARK: - n

    @Test("n starts a run from the list: the assistant prefilled, its input as JSON; a new thread appears and stops at its interrupt",
          .timeLimit(.minutes(2)))
    func newRun() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }

        let (tmux, program) = try Self.launch(server, ["--assistant", "chat", "--refresh", "0.5"])
        let empty = try await tmux.waitForScreen("the empty list", timeout: Self.firstScreenTimeout) { screen in
            Self.row(1, of: screen).hasPrefix(" no threads · status all")
        }
        #expect(Self.row(0, of: empty).hasPrefix(" streamtop  RUNS 127.0.0.1 · chat"), "\(empty)")
        #expect(Self.tableRows(in: empty).isEmpty, "\(empty)")
        // No row, nothing to open, answer or cancel.
        // (A key with no use says so, in between, so that each key's notice is seen to come.)
        for key in ["Enter", "a", "c"] {
            try tmux.sendKeys(["x"])
            try await tmux.waitForScreen(showing: [" x does nothing here; ? lists the keys"])
            try tmux.sendKeys([key])
            try await tmux.waitForScreen(showing: [" no thread is selected"])
        }

        try tmux.sendKeys(["n"])
        let assistant = try await tmux.waitForScreen(showing: [" new run of assistant: chat_"])
        #expect(Self.row(-1, of: assistant).hasPrefix(" new run of assistant: chat_   Enter send · Esc cancel"), "\(assistant)")
        try tmux.sendKeys(["Enter"])
        try await tmux.waitForScreen(showing: [" input for chat (JSON): {}_"])

        // Input that is not JSON starts nothing.
        try tmux.sendKeys(["BSpace"])
        try await tmux.waitForScreen(showing: [" input for chat (JSON): {_"])
        try tmux.sendKeys(["Enter"])
        try await tmux.waitForScreen(showing: ["the input is not JSON; nothing was started"])
        #expect(try await Self.threadCount(on: server) == 0)

        try tmux.sendKeys(["n"])
        try await tmux.waitForScreen(showing: [" new run of assistant: chat_"])
        try tmux.sendKeys(["Enter"])
        try await tmux.waitForScreen(showing: [" input for chat (JSON): {}_"])
        try tmux.sendKeys(["BSpace", "BSpace"])
        try await tmux.waitForScreen(showing: [" input for chat (JSON): _"])
        try tmux.sendKeys(["-l", #"{"topic": "e2e"}"#])
        try await tmux.waitForScreen(showing: [#" input for chat (JSON): {"topic": "e2e"}_"#])
        try tmux.sendKeys(["Enter"])

        let started = try await tmux.waitForScreen("the started run's notice") { Self.row(-1, of: $0).contains("started run ") }
        let match = try #require(
            Self.row(-1, of: started).firstMatch(of: /started run ([0-9a-f]{8}) of chat on thread ([0-9a-f]{8})/), "\(started)")
        let (run, thread) = (String(match.output.1), String(match.output.2))

        // The new thread's row, stopped at its interrupt.
        let interrupted = try await tmux.waitForScreen("the new thread interrupted") { screen in
            Self.tableRow(thread, in: screen)?.status == "interrupted" && Self.tableRow(thread, in: screen)?.node == "confirm"
        }
        let row = try #require(Self.tableRow(thread, in: interrupted))
        #expect(row.waits && row.assistant == "chat" && row.run == "success", "\(interrupted)")
        #expect(Self.row(1, of: interrupted).hasPrefix(" thread 1 of 1 (page 1/1)"), "\(interrupted)")

        // The server agrees, and the input went as JSON.
        let threads = try Self.array(try await server.request("POST", "/threads/search", json: #"{"limit": 10}"#).body)
        #expect(threads.count == 1, "\(threads)")
        let threadID = try #require(threads.first?["thread_id"] as? String)
        #expect(Self.short(threadID) == thread)
        let state = try Self.object(try await server.request("GET", "/threads/\(threadID)").body)
        #expect(state["status"] as? String == "interrupted", "\(state)")
        #expect((state["values"] as? [String: Any])?["topic"] as? String == "e2e", "\(state)")
        let runs = try Self.array(try await server.request("GET", "/threads/\(threadID)/runs").body)
        #expect(runs.count == 1 && (runs.first?["run_id"] as? String)?.hasSuffix(run) == true, "\(runs)")

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    // MARK: - Launching

    private static func launch(_ server: LangGraphServer, _ arguments: [String], height: Int = 30) throws -> (Tmux, PaneProgram) {
        let program = PaneProgram.streamtop(["runs", "--langgraph", server.url] + arguments + ["--ui", "tui"])
        let tmux = try Tmux(width: 120, height: height, command: program.shellCommand)
        return (tmux, program)
    }

    // MARK: - Reading the list

    /// A row of the table, cut at its columns (a mark, then THREAD 9, ASSISTANT 13, STATUS 12,
    /// RUN 12, STARTED 12, TOOK 7, and NODE the rest).
    struct TableRow: Equatable, CustomStringConvertible {
        var waits: Bool
        var thread: String
        var assistant: String
        var status: String
        var run: String
        var started: String
        var took: String
        var node: String

        init(waits: Bool, thread: String, assistant: String, status: String, run: String, started: String, took: String, node: String) {
            (self.waits, self.thread, self.assistant, self.status, self.run, self.started, self.took, self.node) =
                (waits, thread, assistant, status, run, started, took, node)
        }

        init?(_ line: Substring) {
            let characters = Array(line)
            func column(_ range: Range<Int>) -> String {
                guard range.lowerBound < characters.count else { return "" }
                return String(characters[range.lowerBound..<min(range.upperBound, characters.count)]).trimmingCharacters(in: .whitespaces)
            }
            let thread = column(2..<11)
            guard thread.wholeMatch(of: /[0-9a-f]{8}/) != nil else { return nil }
            self.init(
                waits: column(0..<2) == "‖", thread: thread, assistant: column(11..<24), status: column(24..<36),
                run: column(36..<48), started: column(48..<60), took: column(60..<67),
                node: column(67..<Swift.max(67, characters.count)))
        }

        var description: String { "\(waits ? "‖" : " ") \(thread) \(assistant) \(status) \(run) \(started) \(took) \(node)" }
    }

    /// The table's rows: those between the column titles (row 3) and the footer.
    private static func tableRows(in screen: String) -> [TableRow] {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard rows.count > 4 else { return [] }
        return rows[3..<(rows.count - 1)].compactMap(TableRow.init)
    }

    private static func tableRow(_ thread: String, in screen: String) -> TableRow? {
        tableRows(in: screen).first { $0.thread == thread }
    }

    /// Row `index` of the screen; a negative one counts from the bottom (-1: the footer).
    private static func row(_ index: Int, of screen: String) -> String {
        var rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        // tmux ends the capture with a newline.
        if rows.last == "" { rows.removeLast() }
        let at = index < 0 ? rows.count + index : index
        return rows.indices.contains(at) ? String(rows[at]) : ""
    }

    /// Waits until the page is shown (no longer loading).
    @discardableResult
    /// Waits for the page's header and all `rows` of its table: tmux reads a frame from the pty
    /// in pieces, so a screen caught mid-frame can show the new header over half the new rows.
    private static func waitForPage(_ page: Int, of pages: Int = 10, rows: Int = 26, in tmux: Tmux,
                                    timeout: Duration = Tmux.timeout) async throws -> String {
        try await tmux.waitForScreen("page \(page)/\(pages) with \(rows) rows drawn", timeout: timeout) { screen in
            let header = row(1, of: screen)
            return header.contains("(page \(page)/\(pages))") && !header.contains("loading…") && tableRows(in: screen).count == rows
        }
    }

    // MARK: - The selection

    /// The table rows drawn all in reverse video: the selection, as the terminal shows it.
    /// Read from `capture-pane -e`, whose SGR sequences carry the attributes from cell to cell
    /// and from one line to the next.
    static func reversedRows(in escaped: String) -> [TableRow] {
        var reverse = false
        var lines: [(text: String, allReversed: Bool)] = []
        var text = ""
        var allReversed = true
        var visible = false
        var scalars = escaped.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\u{1B}" {
                guard scalars.next() == "[" else { continue }
                var parameters = ""
                var final: Unicode.Scalar?
                while let next = scalars.next() {
                    if (0x40...0x7E).contains(next.value) {
                        final = next
                        break
                    }
                    parameters.unicodeScalars.append(next)
                }
                guard final == "m" else { continue }
                var codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
                if codes.isEmpty { codes = [0] }
                while let code = codes.popFirst() {
                    switch code {
                    case 0: reverse = false
                    case 7: reverse = true
                    case 27: reverse = false
                    // Extended colours: 38;5;n or 38;2;r;g;b (and 48, 58), whose numbers are not attributes.
                    case 38, 48, 58:
                        let kind = codes.popFirst()
                        codes = codes.dropFirst(kind == 2 ? 3 : kind == 5 ? 1 : 0)
                    default: break
                    }
                }
            } else if scalar == "\n" {
                lines.append((text, visible && allReversed))
                (text, allReversed, visible) = ("", true, false)
            } else {
                text.unicodeScalars.append(scalar)
                if scalar != " " {
                    visible = true
                    if !reverse { allReversed = false }
                }
            }
        }
        if !text.isEmpty { lines.append((text, visible && allReversed)) }
        return lines.dropFirst(3).filter(\.allReversed).compactMap { TableRow(Substring($0.text)) }
    }

    /// Waits until the selection is drawn on one row, `thread`'s; returns the plain screen.
    @discardableResult
    private static func waitForSelection(_ thread: String, in tmux: Tmux, timeout: Duration = Tmux.timeout) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let escaped = try tmux.capture(escapes: true)
            let selected = reversedRows(in: escaped)
            if selected.map(\.thread) == [thread] { return try tmux.capture() }
            guard ContinuousClock.now < deadline else {
                throw E2EFailure("waited \(timeout) for the selection on thread \(thread); selected: \(selected); the screen shows:\n\(try tmux.capture())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    // MARK: - The server

    /// The list's short id of a thread or run: its UUID's last 8 hex digits.
    private static func short(_ id: String) -> String {
        String(id.suffix(8))
    }

    private static func makeThread(on server: LangGraphServer) async throws -> String {
        let (status, body) = try await server.request("POST", "/threads", json: "{}")
        guard status == 200, let id = try object(body)["thread_id"] as? String else {
            throw E2EFailure("POST /threads answered \(status): \(body.prefix(500))")
        }
        return id
    }

    /// `count` empty threads, made 16 at a time.
    private static func makeThreads(_ count: Int, on server: LangGraphServer) async throws {
        try await withThrowingTaskGroup(of: String.self) { group in
            var made = 0
            for _ in 0..<min(16, count) { group.addTask { try await makeThread(on: server) } }
            var started = min(16, count)
            while try await group.next() != nil {
                made += 1
                if started < count {
                    group.addTask { try await makeThread(on: server) }
                    started += 1
                }
            }
            #expect(made == count)
        }
        #expect(try await threadCount(on: server) == count)
    }

    private static func threadCount(on server: LangGraphServer) async throws -> Int {
        let (status, body) = try await server.request("POST", "/threads/count", json: "{}")
        guard status == 200, let count = Int(body.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw E2EFailure("POST /threads/count answered \(status): \(body.prefix(500))")
        }
        return count
    }

    /// A background run of `analysis` that streams what a dashboard shows and keeps its stream.
    private static func startAnalysis(on thread: String, server: LangGraphServer, searchDelay: Double) async throws -> String {
        let delay = searchDelay > 0 ? #", "config": {"configurable": {"search_delay": \#(searchDelay)}}"# : ""
        let (status, body) = try await server.request("POST", "/threads/\(thread)/runs", json: #"""
            {"assistant_id": "analysis", "input": {"competitors": ["A", "B"], "focus_area": "x"}\#(delay),
             "stream_resumable": true, "stream_mode": ["custom", "updates", "tasks"]}
            """#)
        guard status == 200, let run = try object(body)["run_id"] as? String else {
            throw E2EFailure("POST /threads/\(thread)/runs answered \(status): \(body.prefix(500))")
        }
        return run
    }

    /// Two threads, made in this order: an analysis run to its end (the run's id too), and a
    /// chat stopped at its interrupt.
    private static func makeFinishedAnalysisAndInterruptedChat(
        on server: LangGraphServer
    ) async throws -> (analysis: String, analysisRun: String, chat: String) {
        let analysis = try await makeThread(on: server)
        let analysisRun = try await startAnalysis(on: analysis, server: server, searchDelay: 0)
        try await waitForRun(analysisRun, of: analysis, toBe: ["success"], on: server)
        let chat = try await makeThread(on: server)
        try await runChatToItsInterrupt(on: chat, server: server)
        return (analysis, analysisRun, chat)
    }

    /// A run of `chat`, waited for: it stops at its interrupt and the thread reads interrupted.
    private static func runChatToItsInterrupt(on thread: String, server: LangGraphServer) async throws {
        let (status, body) = try await server.request("POST", "/threads/\(thread)/runs/wait", json: #"{"assistant_id": "chat", "input": {}}"#)
        guard status == 200 else { throw E2EFailure("POST /threads/\(thread)/runs/wait answered \(status): \(body.prefix(500))") }
        let state = try object(try await server.request("GET", "/threads/\(thread)").body)
        guard state["status"] as? String == "interrupted" else { throw E2EFailure("the chat thread is not interrupted: \(state)") }
    }

    private static func runStatus(_ run: String, of thread: String, on server: LangGraphServer) async throws -> String? {
        try object(try await server.request("GET", "/threads/\(thread)/runs/\(run)").body)["status"] as? String
    }

    private static func waitForRun(_ run: String, of thread: String, toBe statuses: Set<String>, on server: LangGraphServer) async throws {
        try await waitForServer("run \(short(run)) \(statuses.sorted())") { () async throws -> String? in
            let status = try await runStatus(run, of: thread, on: server)
            return status.map(statuses.contains) == true ? status : nil
        }
    }

    /// Asks the server until `probe` gives a value, for up to `timeout`.
    @discardableResult
    private static func waitForServer<T>(_ what: String, timeout: Duration = .seconds(30), _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try await probe() { return value }
            guard ContinuousClock.now < deadline else { throw E2EFailure("waited \(timeout) for the server: \(what)") }
            try await Task.sleep(for: .milliseconds(100))
        }
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
