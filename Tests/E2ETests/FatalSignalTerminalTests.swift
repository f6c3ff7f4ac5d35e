import Foundation
import Testing

/// A fatal signal sent to a running dashboard, as `kill -SEGV`, `kill -ABRT` or `kill -QUIT` from
/// another shell sends it. Left to Swift's crash handler, the process waits 30 s for a key on the
/// terminal and then, a signal sent with kill not being a fault that recurs, returns into the
/// program and draws again. The crash hook must give the terminal back, say what happened, and
/// let the signal kill the process.
@Suite("fatal signals to a running dashboard, in a real terminal")
struct FatalSignalTerminalTests {
    @Test("SEGV, ABRT and QUIT sent by kill restore the terminal, report on it, and kill the process", arguments: [SIGSEGV, SIGABRT, SIGQUIT])
    func sentByKill(signal: Int32) async throws {
        let program = PaneProgram.streamtop(["demo", "--speed", "0.2"])
        let tmux = try Tmux(width: 100, height: 40, command: program.shellCommand)
        try await tmux.waitForScreen(showing: ExpectedScreens.dashboard)
        #expect(try tmux.display("#{alternate_on} #{cursor_flag}") == "1 0")
        let pid = try tmux.programPID()
        kill(pid, signal)
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 128 + signal, "killed by the signal itself:\n\(after.screen)")
        let name = Self.names[signal] ?? "?"
        #expect(after.screen.contains("streamtop was ended by \(name)"), "\(after.screen)")
        #expect(after.screen.contains("sent by process \(getpid())"), "\(after.screen)")
        #expect(after.screen.contains("Backtrace of the thread that received it"), "\(after.screen)")
        // The shell has reaped it (it printed the status), so nothing of it may be left running.
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "process \(pid) is still there")
    }

    private static let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGQUIT: "SIGQUIT"]
}
