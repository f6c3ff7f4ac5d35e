import Foundation
import Testing

/// The terminal layer's exit paths that the product has no way to trigger on purpose (a crash)
/// or no feed fast enough to stress (100,000 events a second), through the programs in
/// TerminalTests' `TerminalChildPrograms`, run from this test binary inside tmux.
@Suite("the terminal layer in a real terminal")
struct TerminalChildTests {
    @Test("a crash (fatalError) with the dashboard up restores the terminal, and its message and backtrace reach it")
    func crash() async throws {
        // As in a user's shell: no SWIFT_BACKTRACE to keep Swift's backtracer from waiting 30 s
        // for a key on the terminal; the crash hook must report the crash without it.
        let program = PaneProgram.terminalChild("crash")
        let tmux = try Tmux(width: 100, height: 40, command: program.shellCommand)
        try await tmux.waitForScreen(showing: ["press x to crash"])
        #expect(try tmux.display("#{alternate_on} #{cursor_flag}") == "1 0")
        try tmux.sendKeys(["x"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.screen.contains("Fatal error: deliberate crash"))
        #expect(after.screen.contains("crashed"))
        #expect(after.screen.contains("Backtrace of the thread that received it"))
        #expect((after.status ?? 0) > 128, "killed by the re-raised signal")
    }

    /// How fast a key is answered under this load is a speed, which scripts/bench measures; a
    /// test asserts only that it is answered (within the generous `Tmux.timeout` that bounds
    /// every wait, so that a starved key fails rather than hangs) and that `q` still quits.
    @Test("keys are answered while the mailbox receives 100,000 events a second, and no event is lost")
    func keysUnderLoad() async throws {
        let program = PaneProgram.terminalChild("dashboard", environment: ["STREAMTOP_CHILD_EVENTS_PER_SECOND": "100000"])
        let tmux = try Tmux(width: 80, height: 24, command: program.shellCommand)
        try await tmux.waitForScreen(showing: ExpectedScreens.dashboard)
        try await tmux.waitForScreen("the first 100,000 events") { (ExpectedScreens.eventCount(on: $0) ?? 0) >= 100_000 }
        for answer in ExpectedScreens.keyAnswers {
            try tmux.sendKeys(answer.keys)
            try await tmux.waitForScreen(showing: [answer.shows])
            try tmux.sendKeys(answer.closeKeys)
        }
        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        let report = after.screen.split(separator: "\n").first { $0.hasPrefix("child ending=") } ?? ""
        #expect(report.hasPrefix("child ending=quit "), "\(after.screen)")
        let counts = report.split(separator: " ").compactMap { $0.split(separator: "=").last.flatMap { Int($0) } }
        // The header counted 100,000 reduced events before the first key, so the report must too.
        #expect(counts.count == 3 && counts[0] >= 100_000 && counts[0] + counts[1] == counts[2], "reduced + unreduced = posted: \(report)")
    }

    @Test("an error thrown while the dashboard is up (from the effect handler) restores the terminal and reaches the caller")
    func thrownError() async throws {
        let program = PaneProgram.terminalChild("throwingEffect")
        let tmux = try Tmux(width: 80, height: 24, command: program.shellCommand)
        try await tmux.waitForScreen(showing: ExpectedScreens.dashboard)
        try tmux.sendKeys([ExpectedScreens.effectKey])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.screen.contains("refused the effect"))
        #expect(after.status != 0)
    }

    @Test("colours on the terminal's default background; none under NO_COLOR, where attributes remain")
    func noColor() async throws {
        for noColor in [false, true] {
            let program = PaneProgram.terminalChild("dashboard", environment: noColor ? ["NO_COLOR": "1"] : [:])
            let tmux = try Tmux(width: 80, height: 24, command: program.shellCommand)
            try await tmux.waitForScreen(showing: ExpectedScreens.dashboard)
            let parameters = Self.graphicRenditions(in: try tmux.capture(escapes: true))
            let foregrounds = parameters.filter { (30...38).contains($0) || (90...97).contains($0) }
            let backgrounds = parameters.filter { (40...48).contains($0) || (100...107).contains($0) }
            #expect(foregrounds.isEmpty == noColor, "NO_COLOR \(noColor): foreground colours \(Set(foregrounds))")
            #expect(backgrounds.isEmpty, "background colours \(Set(backgrounds))")
            #expect(parameters.contains(1), "bold in either mode")
            try tmux.sendKeys(["q"])
            _ = try await program.terminalAfterExit(in: tmux)
        }
    }

    /// The parameters of every SGR sequence (ESC [ … m) in tmux's `capture-pane -e` output.
    private static func graphicRenditions(in screen: String) -> [Int] {
        screen.matches(of: /\x1B\[([0-9;]*)m/).flatMap { match in match.1.split(separator: ";").compactMap { Int($0) } }
    }
}
