import Foundation
import TestSupport

/// A tmux server of the test's own (a private socket, no user configuration) with one window
/// running a command in a real terminal, driven the way a user would: keys, resizes, signals.
///
/// Nothing here synchronises by sleeping: `waitForScreen` polls the pane until what the test
/// expects appears, and fails after a generous timeout, so a slow machine passes and a hang fails.
final class Tmux {
    /// How long any expected screen may take to appear. The suite starts every test at once,
    /// and on two cores that burst has held a dashboard's screens back past 10 s; a wait ends
    /// as soon as its screen shows, so only a failure waits this long.
    static let timeout: Duration = .seconds(30)

    private let socket = "streamtop-test-\(UUID().uuidString)"
    private static let session = "e2e"
    /// tmux leaves its socket file behind when the server ends.
    private var socketPath: String?

    /// Starts the server and a `width`×`height` window running `command` through the shell.
    init(width: Int, height: Int, command: String) throws {
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", Self.session, "-x", "\(width)", "-y", "\(height)", command])
        socketPath = try display("#{socket_path}")
    }

    deinit {
        _ = try? tmux(["kill-server"])
        if let socketPath { unlink(socketPath) }
    }

    /// The visible screen, one line per row; with `history`, everything that scrolled off
    /// too; with `escapes`, the attributes and colours as escape sequences.
    func capture(history: Bool = false, escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", Self.session] + (history ? ["-S", "-"] : []) + (escapes ? ["-e"] : []))
    }

    /// Keys in tmux's names (`q`, `C-c`, `Tab`, `BTab`, `Up`, `NPage`, `F1`, `Escape`…).
    func sendKeys(_ keys: [String]) throws {
        try tmux(["send-keys", "-t", Self.session] + keys)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", Self.session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// A tmux format about the pane, e.g. `#{alternate_on} #{cursor_flag}`.
    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", Self.session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pid of the program the pane's shell started (the shell's only child).
    func programPID() throws -> Int32 {
        let shell = try display("#{pane_pid}")
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        guard let pid = children.split(separator: " ").first.flatMap({ Int32($0) }) else {
            throw E2EFailure("the pane's shell (pid \(shell)) has no child process")
        }
        return pid
    }

    /// Polls the screen until `condition` holds; returns that screen.
    @discardableResult
    func waitForScreen(_ what: String, timeout: Duration = Tmux.timeout, until condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let screen = try capture()
            if condition(screen) { return screen }
            guard ContinuousClock.now < deadline else {
                throw E2EFailure("waited \(timeout) for \(what); the screen shows:\n\(screen)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Polls the screen until every text in `texts` is on it.
    @discardableResult
    func waitForScreen(showing texts: [String], timeout: Duration = Tmux.timeout) async throws -> String {
        try await waitForScreen("\(texts)", timeout: timeout) { screen in texts.allSatisfy(screen.contains) }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        // Inside a developer's own tmux, TMUX would point this client at that server's session.
        environment["TMUX"] = nil
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.runBlocking(["tmux", "-L", socket] + arguments, environment: environment)
        } catch {
            throw E2EFailure("tmux could not be started (\(error)); the end-to-end terminal tests need tmux: run scripts/setup")
        }
        guard result.status == 0 else {
            throw E2EFailure("tmux \(arguments.joined(separator: " ")) failed (status \(result.status)): \(result.stderr)")
        }
        return result.stdout
    }
}
