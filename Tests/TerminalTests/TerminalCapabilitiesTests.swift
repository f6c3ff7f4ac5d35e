import Terminal
import Testing

@Suite("--ui auto: the dashboard only on an interactive terminal")
struct TerminalCapabilitiesTests {
    @Test("two terminals and a real TERM: the dashboard")
    func interactive() {
        #expect(TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: true, stdoutIsTerminal: true, environment: ["TERM": "xterm-256color"]))
    }

    @Test("a pipe on either side, no TERM, TERM=dumb or a CI run: plain output")
    func notInteractive() {
        let term = ["TERM": "xterm-256color"]
        #expect(!TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: false, stdoutIsTerminal: true, environment: term))
        #expect(!TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: true, stdoutIsTerminal: false, environment: term))
        #expect(!TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: true, stdoutIsTerminal: true, environment: [:]))
        #expect(!TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: true, stdoutIsTerminal: true, environment: ["TERM": ""]))
        #expect(!TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: true, stdoutIsTerminal: true, environment: ["TERM": "dumb"]))
        #expect(!TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: true, stdoutIsTerminal: true, environment: ["TERM": "xterm", "CI": "true"]))
    }

    @Test("an empty CI variable is no CI")
    func emptyCI() {
        #expect(TerminalCapabilities.dashboardIsUsable(stdinIsTerminal: true, stdoutIsTerminal: true, environment: ["TERM": "xterm", "CI": ""]))
    }
}
