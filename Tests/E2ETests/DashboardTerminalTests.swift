import Foundation
import Testing
import TestSupport

/// `streamtop replay --ui tui` in a real terminal (tmux), as a user runs it.
@Suite("the dashboard in a real terminal")
struct DashboardTerminalTests {
    private func startDashboard(width: Int = 80, height: Int = 24) async throws -> (Tmux, PaneProgram) {
        let program = PaneProgram.streamtop(["replay", "--ui", "tui", fixturePath(ExpectedScreens.sample)])
        let tmux = try Tmux(width: width, height: height, command: program.shellCommand)
        try await tmux.waitForScreen(showing: ExpectedScreens.dashboard)
        return (tmux, program)
    }

    @Test("it shows the dashboard, lays out again at 120×40, 20×5, 1×1 and back, answers keys, and q restores the terminal")
    func resizeKeysAndQuit() async throws {
        let (tmux, program) = try await startDashboard()
        #expect(try tmux.display("#{alternate_on} #{cursor_flag}") == "1 0")

        try tmux.resize(width: 120, height: 40)
        try await tmux.waitForScreen("the dashboard at 120×40") { screen in
            screen.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.count > 100 }
                && ExpectedScreens.dashboard.allSatisfy(screen.contains)
        }
        try tmux.resize(width: 20, height: 5)
        try await tmux.waitForScreen(showing: ExpectedScreens.tooSmall)
        try tmux.resize(width: 1, height: 1)
        try tmux.resize(width: 80, height: 24)
        try await tmux.waitForScreen(showing: ExpectedScreens.dashboard)

        for answer in ExpectedScreens.keyAnswers {
            try tmux.sendKeys(answer.keys)
            try await tmux.waitForScreen(showing: [answer.shows])
            try tmux.sendKeys(answer.closeKeys)
            try await tmux.waitForScreen("\(answer.closeKeys) to take away \"\(answer.shows)\"") { !$0.contains(answer.shows) }
        }
        // Keys with nothing to show for them must not upset it either.
        try tmux.sendKeys(["Tab", "BTab", "Down", "Up", "NPage", "PPage", "Home", "End", "F5", "é", "中"])
        try await tmux.waitForScreen(showing: ExpectedScreens.dashboard)

        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    @Test("Ctrl-C quits and restores the terminal")
    func controlC() async throws {
        let (tmux, program) = try await startDashboard()
        try tmux.sendKeys(["C-c"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }

    @Test("a termination signal (TERM, INT, HUP) ends it and restores the terminal", arguments: [SIGTERM, SIGINT, SIGHUP])
    func terminationSignal(signal: Int32) async throws {
        let (tmux, program) = try await startDashboard()
        kill(try tmux.programPID(), signal)
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
    }
}
