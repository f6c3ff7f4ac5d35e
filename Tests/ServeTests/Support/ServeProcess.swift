import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TestSupport

/// The real `streamtop serve`, built beside this test bundle, run as a child on a free port of
/// 127.0.0.1 (`--port 0`; the port is read from its one line on standard output). Its standard
/// error (one line per request) is read as it comes, for tests to wait on and check.
///
/// The child dies with the test: ``stop()`` (call it in a `defer`; the deinit calls it too)
/// sends SIGTERM, and SIGKILL if it is still there 10 s later. If the test process itself dies
/// (a crash, a kill), no deinit runs, so the child is started through `setpriv --pdeathsig KILL`,
/// which has the kernel kill it when the thread that started it ends — a thread of its own that
/// lives exactly as long as the child, waiting for its end.
final class ServeProcess: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Lines a descriptor gave so far, and whether it ended.
    struct Output: Sendable {
        var lines: [String] = []
        var ended = false
    }

    let pid: pid_t
    let port: Int
    /// The line the server announced itself with.
    let announcement: String
    /// The server's standard error: one line per request.
    let log: Watched<Output>
    private let child: ChildState

    private init(pid: pid_t, port: Int, announcement: String, log: Watched<Output>, child: ChildState) {
        self.pid = pid
        self.port = port
        self.announcement = announcement
        self.log = log
        self.child = child
    }

    deinit {
        stop()
    }

    /// Starts `streamtop serve --host 127.0.0.1 --port 0` with `arguments` (`host: nil` leaves
    /// `--host` out, for its default), and returns once it listens.
    static func start(_ arguments: [String], host: String? = "127.0.0.1") async throws -> ServeProcess {
        let serve = ["serve"] + (host.map { ["--host", $0] } ?? []) + ["--port", "0"] + arguments
        let command = (setpriv.map { [$0, "--pdeathsig", "KILL", "--"] } ?? []) + [ChildProcess.streamtop.path] + serve
        let child = ChildState()
        let stdout = Watched(Output())
        let log = Watched(Output())
        let pid = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<pid_t, any Error>) in
            Thread {
                // Spawned from this thread, which then waits for the child's end: the parent whose
                // death `--pdeathsig` watches is this thread.
                let spawned = Result { try spawn(command, stdout: stdout, stderr: log) }
                continuation.resume(with: spawned)
                guard case .success(let pid) = spawned else { return }
                child.reap(pid)
            }.start()
        }
        child.started(pid)
        let prefix = "streamtop serve: listening on "
        await stdout.wait(until: { output in output.ended || output.lines.contains { $0.hasPrefix(prefix) } }, timeout: .seconds(60))
        guard let line = stdout.value.lines.first(where: { $0.hasPrefix(prefix) }),
              let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else {
            child.signal(SIGKILL)
            throw Failure("streamtop serve \(arguments) did not say where it listens; it printed \(stdout.value.lines), standard error: \(log.value.lines)")
        }
        return ServeProcess(pid: pid, port: port, announcement: line, log: log, child: child)
    }

    /// Sends `signal` to the server, unless it has already ended.
    func signal(_ signal: Int32) {
        child.signal(signal)
    }

    /// SIGTERM now, SIGKILL in 10 s if it is still there. Safe to call more than once.
    func stop() {
        let child = child
        guard child.stopOnce() else { return }
        child.signal(SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { child.signal(SIGKILL) }
    }

    /// The exit status once the server has ended (128 + the signal if one killed it); nil if
    /// it has not ended within `timeout`.
    func exitStatus(timeout: Duration = .seconds(60)) async -> Int32? {
        await child.status.wait(until: { $0 != nil }, timeout: timeout)
        return child.status.value
    }

    /// Waits until the log has `count` lines (or the server's standard error ended); the lines then.
    @discardableResult
    func logLines(atLeast count: Int) async -> [String] {
        await log.wait(until: { $0.lines.count >= count || $0.ended }, timeout: .seconds(60))
        return log.value.lines
    }

    /// Waits until some log line satisfies `condition`; the lines then.
    @discardableResult
    func logLines(until condition: @escaping @Sendable (String) -> Bool) async -> [String] {
        await log.wait(until: { $0.lines.contains(where: condition) || $0.ended }, timeout: .seconds(60))
        return log.value.lines
    }

    // MARK: - Spawning

    private static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Starts `command` with default signal handling, an empty signal mask, and no descriptors
    /// but 0 (/dev/null), 1 and 2 (pipes read on threads of their own into `stdout`, `stderr`).
    private static func spawn(_ command: [String], stdout: Watched<Output>, stderr: Watched<Output>) throws -> pid_t {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard closeOnExecPipe(&output) else { throw Failure("cannot make a pipe") }
        guard closeOnExecPipe(&errors) else {
            output.forEach { close($0) }
            throw Failure("cannot make a pipe")
        }
        defer {
            close(output[1])
            close(errors[1])
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO)
        closeDescriptorsFromThree(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let status = withCStrings(command) { argv in
            withCStrings(environment) { envp in posix_spawn(&pid, command[0], &actions, &attributes, argv, envp) }
        }
        guard status == 0 else {
            close(output[0])
            close(errors[0])
            throw Failure("cannot start \(command[0]): \(String(cString: strerror(status)))")
        }
        for (descriptor, lines) in [(output[0], stdout), (errors[0], stderr)] {
            Thread {
                readLines(from: descriptor) { complete in lines.update { $0.lines += complete } }
                close(descriptor)
                lines.update { $0.ended = true }
            }.start()
        }
        return pid
    }

    /// A pipe whose ends are close-on-exec from the start, so that no child another test spawns
    /// meanwhile inherits one (`pipe2`, which the Glibc module does not export).
    private static func closeOnExecPipe(_ descriptors: inout [Int32]) -> Bool {
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") {
            return unsafeBitCast(symbol, to: Pipe2.self)(&descriptors, O_CLOEXEC) == 0
        }
        guard pipe(&descriptors) == 0 else { return false }
        descriptors.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34 and later), looked up by name.
    private static func closeDescriptorsFromThree(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, STDERR_FILENO + 1)
    }

    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// The child's pid and end. A signal goes only to a child not yet reaped: the reaper sees the
/// end first without reaping (`WNOWAIT`), marks it under the lock, and only then reaps, so a
/// signal can never reach another process that reused the pid.
private final class ChildState: Sendable {
    private struct State {
        var pid: pid_t?
        var exited = false
        var stopping = false
    }

    private let state = Mutex(State())
    let status = Watched<Int32?>(nil)

    func started(_ pid: pid_t) {
        state.withLock { $0.pid = $0.pid ?? pid }
    }

    func signal(_ signal: Int32) {
        state.withLock { state in
            guard !state.exited, let pid = state.pid else { return }
            kill(pid, signal)
        }
    }

    /// True the first time only.
    func stopOnce() -> Bool {
        state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
    }

    /// Blocks until the child `pid` ends; then records its status.
    func reap(_ pid: pid_t) {
        started(pid)
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        state.withLock { $0.exited = true }
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let status = waitStatus & 0x7F == 0 ? (waitStatus >> 8) & 0xFF : 128 + (waitStatus & 0x7F)
        self.status.update { $0 = status }
    }
}
