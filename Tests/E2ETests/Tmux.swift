import Foundation
import TestSupport

/// A tmux server of the test's own (a private socket, no user configuration) with one window
/// running a command in a real terminal, driven the way a user would: keys, resizes, signals.
///
/// Nothing here synchronises by sleeping: `waitForScreen` polls the pane until what the test
/// expects appears, and fails after a generous timeout, so a slow machine passes and a hang fails.
final class Tmux {
    /// How long any expected screen may take to appear.
    static let timeout: Duration = .seconds(10)

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
        try tmux(Self.captureArguments(history: history, escapes: escapes))
    }

    /// `capture`, without blocking a thread while tmux answers: for polling. Several terminal
    /// tests poll at once, and each blocked capture would hold one of the few threads that
    /// every test's tasks (their servers among them) run on.
    /// One poll at a time in the whole test process, as when each held a thread: what a
    /// poll gives back is its thread, not the right to start tmux as often as tests ask.
    func captureWithoutBlocking(escapes: Bool = false) async throws -> String {
        await Self.polls.acquire()
        do {
            let screen = try await tmuxWithoutBlocking(Self.captureArguments(escapes: escapes))
            await Self.polls.release()
            return screen
        } catch {
            await Self.polls.release()
            throw error
        }
    }

    private static let polls = PollTurns()

    private static func captureArguments(history: Bool = false, escapes: Bool = false) -> [String] {
        ["capture-pane", "-p", "-t", session] + (history ? ["-S", "-"] : []) + (escapes ? ["-e"] : [])
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
            let screen = try await captureWithoutBlocking()
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
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.runBlocking(command(arguments), environment: Self.environment)
        } catch {
            throw Self.notStarted(error)
        }
        return try output(of: result, arguments)
    }

    private func tmuxWithoutBlocking(_ arguments: [String]) async throws -> String {
        let result: ChildProcess.Result
        do {
            result = try await ChildProcess.run(command(arguments), environment: Self.environment)
        } catch {
            throw Self.notStarted(error)
        }
        return try output(of: result, arguments)
    }

    private func command(_ arguments: [String]) -> [String] {
        ["tmux", "-L", socket] + arguments
    }

    /// Inside a developer's own tmux, TMUX would point this client at that server's session.
    private static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        return environment
    }

    private static func notStarted(_ error: any Error) -> E2EFailure {
        E2EFailure("tmux could not be started (\(error)); the end-to-end terminal tests need tmux: run scripts/setup")
    }

    private func output(of result: ChildProcess.Result, _ arguments: [String]) throws -> String {
        guard result.status == 0 else {
            throw E2EFailure("tmux \(arguments.joined(separator: " ")) failed (status \(result.status)): \(result.stderr)")
        }
        return result.stdout
    }
}

/// Turns for polling tmux, handed out one at a time, in order, without holding a thread.
private actor PollTurns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
