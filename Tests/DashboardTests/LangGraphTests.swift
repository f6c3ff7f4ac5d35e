import Analysis
@testable import Dashboard
import Feeds
import Testing

/// A run on a LangGraph Server on the dashboard: the answer line, cancelling with a second
/// `c`, task rows, the model's output and the run in the header.
@Suite("LangGraph runs on the dashboard")
struct LangGraphTests {
    static let size = Size(width: 120, height: 40)

    private func press(_ keys: Key..., in app: inout DashboardApp) -> [Effect] {
        keys.flatMap { app.send(.key($0)) }
    }

    private func type(_ text: String, in app: inout DashboardApp) -> [Effect] {
        text.flatMap { app.send(.key(.character($0))) }
    }

    private func footer(_ app: DashboardApp) -> String {
        app.render(app.state.size).lines.last ?? ""
    }

    /// The chat graph's run going: its metadata (the run id) and first tasks, streaming.
    private func going(_ connection: ConnectionStatus = .streaming) -> DashboardApp {
        let events = Array(langGraphSampleEvents("lg-server-chat-interrupt.sse").prefix(4))
        var app = TestStates.app(.langGraph(host: "127.0.0.1", assistant: "chat"), events: events, size: Self.size)
        _ = app.send(.connection(connection))
        return app
    }

    private func chunk(_ id: String, _ text: String, node: String = "summarize", whole: Bool = false) -> AnalysisEvent {
        AnalysisEvent(.graph(GraphEvent(name: "messages", part: .message(ModelMessageChunk(messageID: id, node: node, text: text, isWholeSoFar: whole)))))
    }

    /// The cells of the first place `text` is drawn.
    private func styles(of text: String, in grid: Grid) -> [Style.Role]? {
        for (y, line) in grid.lines.enumerated() {
            guard let range = line.range(of: text) else { continue }
            // Lines are text of one-column cells here: a character is a column.
            let x = line.distance(from: line.startIndex, to: range.lowerBound)
            return (x..<x + text.count).map { grid[x: $0, y: y].style.role }
        }
        return nil
    }

    // MARK: - Answering an interrupt

    @Test("a opens the answer line while the run waits; typing edits it; Enter sends it and closes the line")
    func answer() {
        var app = TestStates.waitingForAnswer(Self.size)
        let before = app.frame
        #expect(press(.character("a"), in: &app).isEmpty)
        #expect(app.state.input == .answer)
        #expect(app.frame != before)
        #expect(type("yes!", in: &app).isEmpty)
        #expect(press(.backspace, in: &app).isEmpty)
        #expect(app.state.answer == "yes")
        // Keys that mean something elsewhere are text here.
        _ = type("qc/", in: &app)
        _ = press(.backspace, .backspace, .backspace, in: &app)
        #expect(footer(app).hasPrefix(" answer: yes_   Enter send · Esc cancel"))
        #expect(press(.enter, in: &app) == [.feed(.answerInterrupt("yes"))])
        #expect(app.state.input == .keys)
        #expect(app.state.answer == "")
        #expect(app.state.connection == .connecting)
        #expect(footer(app).contains("answer sent"))
        // Answered: there is nothing to answer until the run waits again.
        #expect(press(.character("a"), in: &app).isEmpty)
        #expect(app.state.input == .keys)
        #expect(footer(app).contains("no interrupt to answer"))
    }

    @Test("Esc drops the answer and sends nothing; an empty Enter sends nothing either")
    func answerCancelled() {
        var app = TestStates.waitingForAnswer(Self.size)
        _ = press(.character("a"), in: &app)
        #expect(press(.enter, in: &app).isEmpty)
        #expect(app.state.input == .answer)
        _ = type("no", in: &app)
        #expect(press(.escape, in: &app).isEmpty)
        #expect(app.state.input == .keys)
        #expect(app.state.answer == "")
        #expect(app.state.connection == .needsInput("it asks \(TestStates.chatInterrupt.value); press a to answer"))
        // Opened again, the line starts empty.
        _ = press(.character("a"), in: &app)
        #expect(app.state.answer == "")
        #expect(press(.control("c"), in: &app) == [.quit])
    }

    @Test("a says there is no interrupt to answer while the run is going")
    func nothingToAnswer() {
        var app = going()
        #expect(press(.character("a"), in: &app).isEmpty)
        #expect(app.state.input == .keys)
        #expect(footer(app).contains("no interrupt to answer: the run does not wait for input"))
    }

    @Test("the answer line closes when the run stops waiting for an answer while it is typed")
    func answerOvertaken() {
        var app = TestStates.waitingForAnswer(Self.size)
        _ = press(.character("a"), in: &app)
        _ = type("yes", in: &app)
        _ = app.send(.connection(.failed("the thread is gone")))
        #expect(app.state.input == .keys)
        #expect(app.state.answer == "")
        #expect(footer(app).contains("the run no longer waits for an answer"))
        #expect(press(.enter, in: &app).isEmpty)
    }

    @Test("the interrupt's value shows while the run waits, the answer line beneath it")
    func interruptShown() {
        var app = TestStates.waitingForAnswer(Self.size)
        _ = press(.character("a"), in: &app)
        let screen = app.render(Self.size).lines
        #expect(screen[1].contains(#"interrupted · asks {"question": "Publish the summary?"}"#))
        #expect(screen.last?.hasPrefix(" answer: _") == true)
        // An answer too long for the row shows its end, where the typing is.
        _ = type(String(repeating: "long ", count: 40) + "END", in: &app)
        let footer = footer(app)
        #expect(footer.contains("long END_"))
        #expect(footer.hasPrefix(" answer: …"))
        #expect(TextWidth.of(footer) == Self.size.width)
    }

    // MARK: - Cancelling

    @Test("c asks to confirm; a second c cancels the run", arguments: [ConnectionStatus.streaming, .connecting, .reconnecting(inSeconds: 2, attempt: 1)])
    func cancel(connection: ConnectionStatus) {
        var app = going(connection)
        #expect(app.state.analysis.run?.runID == "01a230c6-a7af-729c-9817-688b4d327b15")
        let before = app.frame
        #expect(press(.character("c"), in: &app).isEmpty)
        #expect(app.frame != before)
        #expect(footer(app).hasPrefix(" press c again to cancel run 4d327b15"))
        #expect(press(.character("c"), in: &app) == [.feed(.cancelRun)])
        #expect(app.state.cancelConfirmation == nil)
        #expect(footer(app).contains("cancelling run 4d327b15"))
    }

    @Test("c then another key cancels nothing: the key does its own work and the question goes")
    func cancelDropped() {
        var app = going()
        _ = press(.character("c"), in: &app)
        #expect(press(.tab, in: &app).isEmpty)
        #expect(app.state.cancelConfirmation == nil)
        #expect(app.state.focus == .timeline)
        #expect(!footer(app).contains("press c again"))
        // A c after that asks again rather than cancels.
        #expect(press(.character("c"), in: &app).isEmpty)
        #expect(app.state.cancelConfirmation != nil)
        // Esc only drops the question.
        #expect(press(.escape, .character("c"), in: &app).isEmpty)
        #expect(app.state.cancelConfirmation != nil)
    }

    @Test("the question of a first c goes with the notice's time, and a c after that asks again")
    func cancelExpires() {
        var app = going()
        _ = app.send(.tick(now: testNow + 90))
        _ = press(.character("c"), in: &app)
        _ = app.send(.tick(now: testNow + 90 + AppReducer.noticeDuration - 0.5))
        #expect(app.state.cancelConfirmation != nil)
        let frame = app.frame
        _ = app.send(.tick(now: testNow + 90 + AppReducer.noticeDuration))
        #expect(app.state.cancelConfirmation == nil)
        #expect(app.frame != frame)
        #expect(!footer(app).contains("press c again"))
        #expect(press(.character("c"), in: &app).isEmpty)
        #expect(footer(app).contains("press c again"))
    }

    @Test("the question goes when the run stops going, and c then says why not")
    func cancelOvertaken() {
        var app = going()
        _ = press(.character("c"), in: &app)
        _ = app.send(.connection(.completed))
        #expect(app.state.cancelConfirmation == nil)
        #expect(press(.character("c"), in: &app).isEmpty)
        #expect(footer(app).contains("nothing to cancel: the run has completed"))
    }

    @Test("outside a going run, c says why it cancels nothing")
    func nothingToCancel() {
        let cases: [(ConnectionStatus?, String)] = [
            (nil, "no run has started yet"), (.completed, "the run has completed"),
            (.needsInput("it asks"), "the run waits for an answer (a answers it)"), (.failed("boom"), "the run is not going"),
        ]
        for (connection, why) in cases {
            var app = TestStates.app(.langGraph(host: "h", assistant: nil), size: Self.size)
            if let connection { _ = app.send(.connection(connection)) }
            #expect(press(.character("c"), .character("c"), in: &app).isEmpty, "\(String(describing: connection))")
            #expect(footer(app).contains("nothing to cancel: \(why)"), "\(String(describing: connection))")
        }
    }

    @Test("a and c do nothing outside LangGraph mode, and say so", arguments: [AppState.Mode.demo, .live(host: "h"), .replay(file: "lg.sse")])
    func refusedElsewhere(mode: AppState.Mode) {
        for (key, connection) in [("a", ConnectionStatus.needsInput("it asks")), ("c", .streaming)] {
            var app = TestStates.app(mode, events: langGraphSampleEvents("lg-server-chat-interrupt.sse"), size: Self.size)
            _ = app.send(.connection(connection))
            #expect(press(.character(Character(key)), .character(Character(key)), in: &app).isEmpty)
            #expect(app.state.input == .keys)
            #expect(app.state.cancelConfirmation == nil)
            #expect(footer(app).contains("\(key) does nothing here; ? lists the keys"))
        }
    }

    @Test("help lists a and c for a LangGraph run only; the footer offers the one that applies")
    func keysListed() {
        var app = going()
        _ = press(.character("?"), in: &app)
        let help = app.render(Self.size).lines.joined(separator: "\n")
        for binding in Keymap.bindings(for: app.state.mode) { #expect(help.contains(binding.help), "\(binding.help)") }
        #expect(help.contains("answer the interrupt the run waits on"))
        #expect(help.contains("cancel the run that is going"))
        _ = press(.escape, in: &app)
        #expect(footer(app).hasPrefix(" q quit  c cancel run "))
        #expect(footer(TestStates.waitingForAnswer(Self.size)).hasPrefix(" q quit  a answer "))

        var demo = TestStates.empty(Self.size)
        _ = press(.character("?"), in: &demo)
        #expect(!demo.render(Self.size).lines.joined().contains("answer the interrupt"))
        #expect(!footer(TestStates.busy(Self.size)).contains("cancel"))
    }

    // MARK: - Stages, model output, header

    @Test("a failed task's row shows its node, short task id and error, dim and cut to the panel")
    func failedTask() throws {
        var app = TestStates.app(.langGraph(host: "h", assistant: "analysis"), events: langGraphSampleEvents("lg-server-analysis-error.sse"), size: Self.size)
        let rect = try #require(app.state.layout.rect(of: .stages))
        let grid = app.render(Self.size)
        let row = try #require(grid.lines.first { $0.contains("✗ analyze_findings · a2d259e1") })
        let inside = String(row.dropFirst(rect.x + 1).prefix(rect.width - 2))
        #expect(inside.contains(" RuntimeError: Sim"))
        #expect(inside.hasSuffix("…"))
        #expect(styles(of: "RuntimeError: Sim", in: grid)?.allSatisfy { $0 == .dim } == true)
        #expect(styles(of: "✗", in: grid) == [.error])
        // Filtered by its error.
        var state = app.state
        state.focus = .stages
        app = DashboardApp(state: state)
        _ = press(.character("/"), in: &app)
        _ = type("could not be scored", in: &app)
        #expect(PanelModel.stages(app.state).count == 1)
    }

    @Test("an interrupted task has its own mark and colour")
    func interruptedTask() {
        let grid = TestStates.waitingForAnswer(Self.size).render(Self.size)
        #expect(grid.lines.contains { $0.contains("‖ confirm · 84eeaec6") && $0.contains("needs input") })
        #expect(styles(of: "‖", in: grid) == [.warning])
        #expect(grid.lines.contains { $0.contains("Stages 4/5 done, 1 interrupted") })
        var ascii = AppState(mode: .langGraph(host: "h", assistant: nil), options: DisplayOptions(ascii: true), now: testNow)
        _ = AppReducer.reduce(&ascii, .resized(Self.size))
        _ = AppReducer.reduce(&ascii, .events(langGraphSampleEvents("lg-server-chat-interrupt.sse")))
        #expect(DashboardView.render(ascii, size: Self.size).lines.contains { $0.contains("= confirm | 84eeaec6") })
    }

    @Test("the model panel lists messages newest first, filtered and scrolled like the other lists")
    func modelPanel() throws {
        var app = TestStates.app(.replay(file: "lg.sse"), size: Self.size)
        #expect(!app.state.layout.visiblePanels.contains(.model))
        _ = app.send(.events([chunk("lc_run--01a230c6-ab15-75f7-9983-c0b8c1af1aef", "alpha one", node: "plan")]))
        _ = app.send(.events([chunk("lc_run--01a230c6-ab16-75f7-9983-00000000beef", "beta"), chunk("lc_run--01a230c6-ab16-75f7-9983-00000000beef", " two")]))
        #expect(app.state.layout.visiblePanels == [.stages, .competitors, .timeline, .sources, .insights, .model, .errors])
        let screen = app.render(Self.size).lines
        let beta = try #require(screen.firstIndex { $0.contains("summarize · 0000beef") })
        let alpha = try #require(screen.firstIndex { $0.contains("plan · c1af1aef") })
        #expect(beta < alpha)
        #expect(screen[beta + 1].contains("  beta two"))
        #expect(screen.contains { $0.contains("Model output 2 messages") })

        var state = app.state
        state.focus = .model
        app = DashboardApp(state: state)
        _ = press(.character("/"), in: &app)
        _ = type("alpha", in: &app)
        _ = press(.enter, in: &app)
        #expect(PanelModel.itemCount(of: .model, in: app.state) == 1)
        #expect(app.render(Self.size).lines.contains { $0.contains("/alpha 1 shown") })
        _ = press(.escape, .character("j"), in: &app)
        #expect(app.state.view(of: .model).selected == 1)
        // Selected away from the top, a new message is counted as new and the selection stays on its message.
        _ = app.send(.events([chunk("m3", "gamma")]))
        #expect(app.state.view(of: .model).selected == 2)
        #expect(PanelModel.messages(app.state)[2].id == "lc_run--01a230c6-ab15-75f7-9983-c0b8c1af1aef")
        #expect(app.render(Self.size).lines.contains { $0.contains("Model output 3 messages · 1 new") })
    }

    @Test("a message taller than the panel shows its end, where the tokens arrive")
    func longMessage() throws {
        var app = TestStates.app(.langGraph(host: "h", assistant: nil), size: Self.size)
        let words = (0..<200).map { "word\($0)" }
        _ = app.send(.events(words.map { chunk("m1", $0 + " ") }))
        let inside = try #require(app.state.layout.innerHeight(of: .model))
        let screen = app.render(Self.size).lines.joined(separator: "\n")
        #expect(screen.contains("word199"))
        #expect(!screen.contains("word0 "))
        #expect(screen.contains("last \(inside - 1) of"))
    }

    @Test("the model panel has a place in LangGraph mode and once messages arrive; other layouts stay as they were")
    func modelLayout() {
        for size in [Self.size, Size(width: 80, height: 24)] {
            let langGraph = TestStates.app(.langGraph(host: "h", assistant: nil), size: size).state.layout
            #expect(langGraph.visiblePanels.contains(.model))
            let live = TestStates.busy(size).state.layout
            #expect(live == DashboardLayout(size: size, showEventLog: false, stageRows: live.stageRows, competitorRows: live.competitorRows))
            #expect(!live.visiblePanels.contains(.model))
            // The model's place comes from the right column (two columns) or is a row of its own.
            #expect(langGraph.rect(of: .stages) == DashboardLayout(size: size, showEventLog: false).rect(of: .stages) || size.width < 110)
        }
        // A replay's model panel goes with its messages when it seeks back; so does a focus on it.
        var replay = TestStates.app(.replay(file: "lg.sse"), events: [chunk("m1", "hello")], size: Self.size)
        _ = press(.tab, .tab, .tab, .tab, in: &replay)
        #expect(replay.state.focus == .model)
        _ = replay.send(.restarted(AnalysisState(), recent: []))
        #expect(!replay.state.layout.visiblePanels.contains(.model))
        #expect(replay.state.focus == .competitors)

        var app = TestStates.app(.langGraph(host: "h", assistant: nil), size: Self.size)
        var seen: [Panel] = []
        for _ in 0..<7 {
            _ = press(.tab, in: &app)
            seen.append(app.state.focus)
        }
        #expect(seen == [.timeline, .sources, .insights, .model, .errors, .stages, .competitors])
    }

    @Test("the header names the thread and run, told apart though made together, and colours the run's status")
    func header() throws {
        var app = TestStates.langGraph(Self.size)
        var grid = app.render(Self.size)
        #expect(grid.lines[1].contains("thread 21985241 · run 5df92b29 · success"))
        #expect(styles(of: "success", in: grid)?.allSatisfy { $0 == .ok } == true)
        for (status, text, role) in [("error", "error", Style.Role.error), ("interrupted", "interrupted", .warning), ("running", "running…", .accent)] {
            _ = app.send(.events([serverRunEvent(thread: "01a20e64-6271-72aa-8312-704821985241", run: "01a20e64-62d8-74ba-b1b6-d6a35df92b29",
                                                 graph: "tiny", status: status)]))
            grid = app.render(Self.size)
            let row = grid.lines[1]
            let range = try #require(row.range(of: "run 5df92b29 · " + text))
            let x = row.distance(from: row.startIndex, to: range.upperBound) - 1
            #expect(grid[x: x, y: 1].style.role == role, "\(status)")
        }
        #expect(ShortID.of("01a20e64-6271-72aa-8312-704821985241") != ShortID.of("01a20e64-62d8-74ba-b1b6-d6a35df92b29"))
        #expect(ShortID.of("lc_run--01a230c6-ab15-75f7-9983-c0b8c1af1aef") == "c1af1aef")
        #expect(ShortID.of("0177efcec3aa6566964f0c048d8db538") == "0177efce")
        #expect(ShortID.of("short") == "short")
    }

    @Test("LangGraph screens draw at every size inside the grid, panels tiling the body")
    func everySize() {
        var waiting = TestStates.waitingForAnswer(Self.size)
        _ = waiting.send(.key(.character("a")))
        _ = type(String(repeating: "日本 ", count: 30), in: &waiting)
        var going = going()
        _ = going.send(.events([chunk("m1", String(repeating: "token ", count: 300))]))
        _ = going.send(.key(.character("c")))
        for base in [waiting.state, going.state, TestStates.langGraph(Self.size).state] {
            for size in LayoutTests.sizes {
                var state = base
                _ = AppReducer.reduce(&state, .resized(size))
                let grid = DashboardView.render(state, size: size)
                #expect(grid.lines.count == size.height)
                #expect(grid.lines.allSatisfy { TextWidth.of($0) == size.width })
                let layout = state.layout
                #expect(layout == DashboardLayout(
                    size: size, showEventLog: false, stageRows: state.shown.stages.count, showModel: true,
                    competitorRows: state.shown.competitors.count))
                if !layout.isTooSmall {
                    #expect(layout.panels.reduce(0) { $0 + $1.rect.width * $1.rect.height } == size.width * (size.height - 3), "\(size)")
                }
            }
        }
    }
}
