import Foundation
import Testing
import TestSupport

/// Issue 15's dashboard in depth, in a real terminal (tmux): an insight's details on Enter, the
/// timeline on `t`, the wheel with `--mouse` (and nothing without it), and the report with its
/// Mermaid charts, from `e` and from `--report`.
///
/// Each test replays the sample paused and jumps to its end with End, so the screen holds still
/// between keys: nothing arrives on its own, and every wait is for what a key must bring.
@Suite("the dashboard's details, timeline, mouse and report in a real terminal")
struct DashboardDepthTerminalTests {
    static let sizes = [PaneSize(width: 80, height: 24), PaneSize(width: 120, height: 40)]

    @Test("Enter on the Insights panel shows the insight's whole text and its sources, Esc closes it; t zooms the timeline and t again comes back", arguments: sizes)
    func detailsAndTimeline(size: PaneSize) async throws {
        let replay = try await PausedReplay(size: size)
        defer { replay.removeDirectory() }
        let tmux = replay.tmux
        let insight = try Self.newestInsight()

        try await replay.focus("Insights")
        try tmux.sendKeys(["Enter"])
        let overlay = try await tmux.waitForScreen("the insight's details, drawn whole") { Overlay.isWhole(titled: "Insight", on: $0) }
        let text = try #require(Overlay.text(titled: "Insight", on: overlay), "\(overlay)")
        #expect(text.withoutWhitespace.contains(insight.title.withoutWhitespace), "\(overlay)")
        #expect(text.withoutWhitespace.contains(insight.summary.withoutWhitespace), "the summary, whole across its wrapped rows:\n\(overlay)")
        #expect(text.contains("Sources (\(insight.sourceCount))"), "\(overlay)")
        try tmux.sendKeys(["Escape"])
        try await tmux.waitForScreen("Esc to close the insight") { !$0.contains(Overlay.corner("Insight")) && $0.contains("┌─ Insights ") }

        try tmux.sendKeys(["t"])
        try await tmux.waitForScreen("t to zoom the timeline") { $0.contains("┌─ Timeline ") && !$0.contains("┌─ Competitors ") }
        try tmux.sendKeys(["t"])
        try await tmux.waitForScreen("t again to bring the panels back") { $0.contains("┌─ Competitors ") && $0.contains("┌─ Insights ") }

        try await replay.quit()
    }

    @Test("with --mouse a notch of the wheel over the Sources panel moves its selection three down (as Down would) and up again", arguments: sizes)
    func wheelWithMouse(size: PaneSize) async throws {
        let replay = try await PausedReplay(size: size, options: ["--mouse"])
        defer { replay.removeDirectory() }
        let tmux = replay.tmux
        #expect(try tmux.display("#{mouse_any_flag}") == "1", "--mouse asks the terminal for mouse reports")
        let item = try replay.firstItem(of: "Sources")

        try tmux.sendKeys(Wheel.down.keys(x: item.x, y: item.y))
        // The wheel focuses the panel under it: the sign that its report has been read.
        try await replay.waitForFocus("Sources")
        let afterWheelDown = try await replay.details(titled: "Source")
        try tmux.sendKeys(["Up", "Up", "Up"])
        let first = try await replay.details(titled: "Source")
        #expect(first != afterWheelDown, "the wheel moved the selection off the first source")
        // MouseReducer.wheelStep: a notch moves three items.
        try tmux.sendKeys(["Down", "Down", "Down"])
        #expect(try await replay.details(titled: "Source") == afterWheelDown)

        try tmux.sendKeys(Wheel.up.keys(x: item.x, y: item.y))
        try tmux.sendKeys(["Enter"])
        try await tmux.waitForScreen("the wheel up, then Enter, to show the first source again") { screen in
            Overlay.text(titled: "Source", on: screen) == first
        }
        try tmux.sendKeys(["Escape"])
        try await tmux.waitForScreen("Esc to close the source") { !$0.contains(Overlay.corner("Source")) }

        try await replay.quit()
        #expect(try tmux.display("#{mouse_any_flag}") == "0", "the mouse is handed back to the terminal")
    }

    @Test("without --mouse the terminal keeps the mouse, and the bytes of a wheel report leave the panels as they were", arguments: sizes)
    func wheelWithoutMouse(size: PaneSize) async throws {
        let replay = try await PausedReplay(size: size)
        defer { replay.removeDirectory() }
        let tmux = replay.tmux
        #expect(try tmux.display("#{mouse_any_flag}") == "0", "no mouse reports asked for")
        let before = try tmux.capture()

        let item = try replay.firstItem(of: "Sources")
        try tmux.sendKeys(Wheel.down.keys(x: item.x, y: item.y))
        // Keys are read in order: once help has come and gone, the report's bytes are read too.
        try tmux.sendKeys(["?"])
        try await tmux.waitForScreen(showing: ["closes this help"])
        try tmux.sendKeys(["Escape"])
        let after = try await tmux.waitForScreen("Esc to close help") { !$0.contains("closes this help") }

        // With no mouse asked for, ncurses still takes the report's ESC [ M for its kmous but
        // leaves the three bytes after it; the dashboard drops them, so that they are not read
        // as keys ("a", and the cell's two, which may be "+" for speed, or "q"). Only the
        // header's clock may change.
        let changed = zip(Self.body(of: before), Self.body(of: after)).filter { $0 != $1 }
        #expect(Self.body(of: after).count == Self.body(of: before).count && changed.isEmpty, "rows before and after: \(changed)")
        #expect(after.split(separator: "\n").last == before.split(separator: "\n").last, "no key was read: the footer says nothing")
        let speed = /[0-9.]+×/
        #expect(after.firstMatch(of: speed)?.output == before.firstMatch(of: speed)?.output, "the speed is as it was")
        #expect(try replay.focusedPanel() == "Competitors")
        #expect(after.contains("PAUSED"))
        try await replay.quit()
    }

    @Test("e writes a Markdown report in the working directory, says where in the footer, and its gantt and flowchart parse", arguments: sizes)
    func exportKey(size: PaneSize) async throws {
        let replay = try await PausedReplay(size: size)
        defer { replay.removeDirectory() }

        try replay.tmux.sendKeys(["e"])
        let screen: String
        do {
            screen = try await replay.tmux.waitForScreen(showing: ["Report written to "])
        } catch {
            // Twice in fresh-clone CI the notice never showed; whether the report was written
            // tells a lost key or a failed write from a notice gone before the screen was read.
            let files = (try? FileManager.default.contentsOfDirectory(atPath: replay.directory)) ?? []
            throw E2EFailure("\(error)\nthe working directory holds: \(files)")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: replay.directory)
            .filter { $0.hasPrefix("streamtop-report-") && $0.hasSuffix(".md") }
        let name = try #require(written.count == 1 ? written.first : nil, "one report in \(replay.directory): \(written)")
        let path = replay.directory + "/" + name
        let footer = try #require(screen.split(separator: "\n").last { $0.contains("Report written to ") })
        let said = footer.trimmingCharacters(in: .whitespaces)
        #expect(("Report written to " + path).hasPrefix(said.hasSuffix("…") ? String(said.dropLast()) : said), "\(footer)")

        let report = try String(contentsOfFile: path, encoding: .utf8)
        let blocks = MermaidSyntax.blocks(in: report)
        try #require(blocks.count == 2, "\(report)")
        let diagrams = try blocks.map { try MermaidSyntax.parse($0).get() }
        guard case .gantt(let gantt) = diagrams[0], case .flowchart(let flowchart) = diagrams[1] else {
            throw E2EFailure("expected a gantt, then a flowchart: \(diagrams)")
        }
        #expect(Set(gantt.tasks.map(\.name)).isSuperset(of: ["plan_queries", "synthesize_report"]), "\(report)")
        #expect(flowchart.nodes.map(\.label).contains("analyze_findings"), "\(report)")
        #expect(!flowchart.edges.isEmpty, "\(report)")

        try await replay.quit()
    }

    @Test("--report OUT.html writes the page, with its two pictures, when q leaves the dashboard")
    func reportOption() async throws {
        let replay = try await PausedReplay(size: Self.sizes[0], options: ["--report", "OUT.html"])
        defer { replay.removeDirectory() }
        #expect(!FileManager.default.fileExists(atPath: replay.directory + "/OUT.html"), "written only at the end")

        let after = try await replay.quit()
        #expect(after.screen.contains("report written to OUT.html"), "\(after.screen)")
        let page = try String(contentsOfFile: replay.directory + "/OUT.html", encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 2, "a gantt and a flowchart as inline SVG")
    }

    /// The screen without its first and last rows.
    private static func body(of screen: String) -> [Substring] {
        Array(screen.split(separator: "\n").dropFirst().dropLast())
    }

    /// The sample's last insight, which the Insights panel lists first.
    private static func newestInsight() throws -> (title: String, summary: String, sourceCount: Int) {
        let sample = try String(contentsOfFile: fixturePath(ExpectedScreens.sample), encoding: .utf8)
        let line = try #require(sample.split(separator: "\n").last { $0.hasPrefix("data: ") && $0.contains(#""insight_generated""#) })
        let event = try JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
        let insight = try #require((event?["data"] as? [String: Any])?["insight"] as? [String: Any])
        let title = try #require(insight["title"] as? String)
        let summary = try #require(insight["summary"] as? String)
        let sources = try #require(insight["sources"] as? [Any])
        return (title, summary, sources.count)
    }
}

/// A terminal size a test runs at, named as `80×24` in the test's results.
struct PaneSize: Sendable, CustomTestStringConvertible {
    var width: Int
    var height: Int
    var testDescription: String { "\(width)×\(height)" }
}

/// The sample replayed paused at its end in a tmux pane whose working directory is a fresh
/// temporary directory of its own (where `e` writes).
private struct PausedReplay {
    let tmux: Tmux
    let program: PaneProgram
    let directory: String

    init(size: PaneSize, options: [String] = []) async throws {
        // Short, so that "Report written to PATH" fits an 80-column footer.
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        program = PaneProgram.streamtop(["replay", "--ui", "tui", "--start-paused"] + options + [fixturePath(ExpectedScreens.sample)])
        let quotedDirectory = "'" + directory.replacingOccurrences(of: "'", with: "'\\''") + "'"
        do {
            tmux = try Tmux(width: size.width, height: size.height, command: "cd \(quotedDirectory) && \(program.shellCommand)")
            try await tmux.waitForScreen(showing: ["PAUSED", "#0/"] + ExpectedScreens.dashboard)
            try tmux.sendKeys(["End"])
            try await tmux.waitForScreen("End to reach the end of the sample") { screen in
                screen.firstMatch(of: #/#([0-9]+)/([0-9]+) /#).map { $0.1 == $0.2 } == true && screen.contains("─ Insights 2 ")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    func removeDirectory() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A 0-based cell on the first item inside the panel titled `title`.
    func firstItem(of title: String) throws -> (x: Int, y: Int) {
        let rows = try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let corner = Array("┌─ \(title) ")
        guard let frame = rows.firstIndex(where: { $0.firstRange(of: corner) != nil }),
              let left = rows[frame].firstRange(of: corner)?.lowerBound
        else { throw E2EFailure("no \(title) panel on the screen:\n\(try tmux.capture())") }
        return (left + 10, frame + 1)
    }

    /// The focused panel's title. Its border and title are drawn in one style (accent, bold),
    /// so in a capture with escapes nothing comes between its corner and its title; any other
    /// panel's title changes style there.
    func focusedPanel() throws -> String? {
        let screen = try tmux.capture(escapes: true)
        return screen.firstMatch(of: #/┌─ ([A-Z][a-z]+) /#).map { String($0.1) }
    }

    func waitForFocus(_ title: String) async throws {
        try await tmux.waitForScreen("the \(title) panel to be focused") { _ in (try? focusedPanel()) == title }
    }

    /// Tab until the panel titled `title` is focused, each Tab awaited by the focus moving.
    func focus(_ title: String) async throws {
        for _ in 0..<12 {
            let current = try focusedPanel()
            if current == title { return }
            try tmux.sendKeys(["Tab"])
            try await tmux.waitForScreen("Tab to move the focus off \(current ?? "nothing")") { _ in (try? focusedPanel()) != current }
        }
        throw E2EFailure("Tab never focused \(title):\n\(try tmux.capture())")
    }

    /// Enter on the focused panel: the text of the details overlay titled `title`, then Esc.
    func details(titled title: String) async throws -> String {
        try tmux.sendKeys(["Enter"])
        let screen = try await tmux.waitForScreen("the \(title.lowercased())'s details, drawn whole") { Overlay.isWhole(titled: title, on: $0) }
        let text = try #require(Overlay.text(titled: title, on: screen), "\(screen)")
        try tmux.sendKeys(["Escape"])
        try await tmux.waitForScreen("Esc to close the \(title.lowercased())") { !$0.contains(Overlay.corner(title)) }
        return text
    }

    /// q, and how the terminal was left: restored, with status 0.
    @discardableResult
    func quit() async throws -> TerminalAfterExit {
        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
        return after
    }
}

/// The details overlay: a box drawn over the panels, titled "Insight", "Source"…
private enum Overlay {
    /// Its top left corner and title, unlike any panel's ("┌─ Insights 2 ─").
    static func corner(_ title: String) -> String {
        "┌─ \(title) ─"
    }

    /// Whether the box is on `screen` to its bottom border, which is painted last: a capture
    /// taken while a frame is still being written shows its top rows new and the rest old.
    static func isWhole(titled title: String, on screen: String) -> Bool {
        screen.contains(corner(title)) && screen.contains("Esc close ─┘")
    }

    /// What is inside the box titled `title`, row after row, or nil if it is not on `screen`.
    /// The rows are cut at the box's columns: the panels under it show on either side.
    static func text(titled title: String, on screen: String) -> String? {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let corner = Array(corner(title))
        guard let top = rows.firstIndex(where: { $0.firstRange(of: corner) != nil }),
              let left = rows[top].firstRange(of: corner)?.lowerBound,
              let right = rows[top][left...].firstIndex(of: "┐")
        else { return nil }
        var inside: [String] = []
        for row in rows[(top + 1)...] {
            guard row.count > right, row[left] == "│" else { break }
            inside.append(String(row[(left + 1)..<right]))
        }
        return inside.joined(separator: "\n")
    }
}

/// A notch of the mouse wheel as the terminal reports it to the program in the pane.
private enum Wheel {
    case up, down

    /// tmux's `send-keys -H` for the report at the 0-based cell (`x`, `y`): the X10 encoding
    /// (`ESC [ M` then button, column and row, each plus 32, cells counted from 1), which is
    /// the `kmous` of the pane's TERM (tmux-256color), so ncurses reads it as a mouse event.
    func keys(x: Int, y: Int) -> [String] {
        let button = self == .up ? 0x60 : 0x61
        return ["-H"] + [0x1B, 0x5B, 0x4D, button, 0x21 + x, 0x21 + y].map { String($0, radix: 16) }
    }
}

private extension String {
    var withoutWhitespace: String {
        filter { !$0.isWhitespace }
    }
}
