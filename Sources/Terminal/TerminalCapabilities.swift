#if canImport(Glibc)
import Glibc
#endif

/// Whether the dashboard can run here, so that `--ui auto` never initialises curses where it
/// would write escape sequences into a pipe or hang a CI job (TUI-NOTES §3, "Not a TTY").
public enum TerminalCapabilities {
    /// True when standard input and output are terminals, TERM names one that can address the
    /// cursor (not unset, empty or "dumb") and no `CI` variable says this is an unattended run.
    public static func dashboardIsUsable(stdinIsTerminal: Bool, stdoutIsTerminal: Bool, environment: [String: String]) -> Bool {
        guard stdinIsTerminal, stdoutIsTerminal else { return false }
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
        return environment["CI", default: ""].isEmpty
    }

    /// ``dashboardIsUsable(stdinIsTerminal:stdoutIsTerminal:environment:)`` for this process.
    public static var dashboardIsUsable: Bool {
        let environment = ["TERM", "CI"].reduce(into: [String: String]()) { found, name in
            if let value = getenv(name) { found[name] = String(cString: value) }
        }
        return dashboardIsUsable(stdinIsTerminal: isatty(STDIN_FILENO) == 1, stdoutIsTerminal: isatty(STDOUT_FILENO) == 1, environment: environment)
    }
}
