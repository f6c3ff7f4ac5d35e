/// Why the dashboard could not take over the terminal.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe, a file, CI).
    case notATerminal
    /// curses does not know the terminal named by TERM (or TERM is unset).
    case unknownTerminal(String?)
    /// A system call failed; `errno` says why.
    case systemCall(String, errno: Int32)

    public var description: String {
        switch self {
        case .notATerminal:
            "the dashboard needs a terminal on standard input and output (use --ui plain)"
        case .unknownTerminal(let name):
            "curses cannot drive the terminal \(name.map { "'\($0)'" } ?? "(TERM is not set)")"
        case .systemCall(let call, let errno):
            "\(call) failed (errno \(errno))"
        }
    }
}
