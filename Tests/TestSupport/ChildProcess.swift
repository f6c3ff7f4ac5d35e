import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end, as a user would from a shell.
///
/// Input and output go through files, never pipes, so no pipe can fill up and stall the
/// child. It is not Foundation's `Process`, for two reasons that make a child that forks a
/// server (tmux) hang: the child would inherit the test process's blocked signals
/// (libdispatch's threads block SIGTERM, SIGHUP, SIGCHLD…), which a tmux server and the
/// programs in its panes then keep; and `Process` learns that its child exited when a socket
/// the child inherits closes, which never happens once the child has forked a server that
/// keeps it open. Here the child starts with default signal handling, an empty signal mask
/// and no descriptors but 0, 1 and 2, and is reaped with waitpid: in `run` on a thread of its
/// own, so no thread of the test's executor (test servers may run on it) is blocked.
public enum ChildProcess {
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal's number when a signal killed it, as a shell says.
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The `streamtop` that SwiftPM built beside this test bundle.
    public static var streamtop: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("streamtop")
    }

    /// Runs `streamtop` with this process's environment, plus `environment`.
    public static func streamtop(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) async throws -> Result {
        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try await run([streamtop.path] + arguments, stdin: stdin, environment: environment)
    }

    /// Runs `command` (its first word looked up in PATH unless it is a path) with exactly
    /// `environment`, and waits for its end without blocking the caller's thread.
    public static func run(
        _ command: [String], stdin: Data = Data(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Result {
        let files = try Files(stdin: stdin)
        let pid = try spawn(command, files: files, environment: environment)
        let waitStatus = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: reap(pid)) }.start()
        }
        return try files.result(waitStatus: waitStatus)
    }

    /// `run`, blocking the calling thread until the child ends: for callers that cannot await,
    /// such as a deinit.
    public static func runBlocking(
        _ command: [String], stdin: Data = Data(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Result {
        let files = try Files(stdin: stdin)
        let pid = try spawn(command, files: files, environment: environment)
        return try files.result(waitStatus: reap(pid))
    }

    /// A child started by ``start(_:stdin:environment:)``, to signal while it runs and then
    /// wait for.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        private let files: Files

        fileprivate init(pid: pid_t, files: Files) {
            self.pid = pid
            self.files = files
        }

        public func signal(_ signal: Int32) {
            kill(pid, signal)
        }

        /// Waits for the child's end, without blocking the caller's thread.
        public func wait() async throws -> Result {
            let pid = pid
            let waitStatus = await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: ChildProcess.reap(pid)) }.start()
            }
            return try files.result(waitStatus: waitStatus)
        }
    }

    /// Starts `streamtop` with this process's environment, plus `environment`, and returns at once.
    public static func startStreamtop(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let files = try Files(stdin: Data())
        return Running(pid: try spawn([streamtop.path] + arguments, files: files, environment: environment), files: files)
    }

    /// `stdout`: a descriptor to give the child as its standard output instead of the file.
    private static func spawn(_ command: [String], files: Files, environment: [String: String], stdout: Int32? = nil) throws -> pid_t {
        guard let executable = command.first else { throw Failure(description: "no command to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, files.stdin.descriptor, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stdout ?? files.stdout.descriptor, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, files.stderr.descriptor, STDERR_FILENO)
        closeDescriptorsFromThree(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, resetSignals(&attributes))

        var pid: pid_t = 0
        let status = withCStrings(command) { argv in
            withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits for the child to end; its wait status.
    fileprivate static func reap(_ pid: pid_t) -> Int32 {
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
        return waitStatus
    }

    /// Gives the child default signal dispositions and an empty mask (the test process's
    /// threads block signals, which a child would otherwise keep); the spawn flags that say so.
    static func resetSignals(_ attributes: inout posix_spawnattr_t) -> Int16 {
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        return Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
    }

    /// glibc (2.34 and later) has `posix_spawn_file_actions_addclosefrom_np`, but the Glibc
    /// module does not export it, so it is looked up by name.
    static func closeDescriptorsFromThree(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, STDERR_FILENO + 1)
    }

    static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }

    /// The child's standard input, output and error.
    fileprivate struct Files {
        let stdin: UnlinkedFile
        let stdout: UnlinkedFile
        let stderr: UnlinkedFile

        init(stdin bytes: Data) throws {
            stdin = try UnlinkedFile()
            stdout = try UnlinkedFile()
            stderr = try UnlinkedFile()
            try stdin.write(bytes)
        }

        func result(waitStatus: Int32) throws -> Result {
            // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
            let status = waitStatus & 0x7F == 0 ? (waitStatus >> 8) & 0xFF : 128 + (waitStatus & 0x7F)
            return Result(status: status, stdout: try stdout.contents(), stderr: try stderr.contents())
        }
    }
}

/// An unlinked temporary file, to pass bytes to a child or collect its output without a pipe.
/// Close-on-exec: only a child that is given it as 0, 1 or 2 gets it.
private final class UnlinkedFile {
    let descriptor: Int32

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/streamtop-child-XXXXXX".utf8CString)
        descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw ChildProcess.Failure(description: "cannot create a temporary file") }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        unlink(template)
    }

    deinit {
        close(descriptor)
    }

    func write(_ data: Data) throws {
        let written = data.withUnsafeBytes { bytes in
            bytes.isEmpty ? 0 : pwrite(descriptor, bytes.baseAddress, bytes.count, 0)
        }
        guard written == data.count else { throw ChildProcess.Failure(description: "cannot write a temporary file") }
    }

    func contents() throws -> String {
        let size = lseek(descriptor, 0, SEEK_END)
        var bytes = [UInt8](repeating: 0, count: Int(max(size, 0)))
        let count = pread(descriptor, &bytes, bytes.count, 0)
        guard count == bytes.count else { throw ChildProcess.Failure(description: "cannot read a temporary file") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ChildProcess.Failure(description: "the child wrote bytes that are not UTF-8: \(bytes.prefix(200))")
        }
        return text
    }
}

// MARK: - A child whose standard output is a pipe

extension ChildProcess {
    /// A child started by ``startStreamtopPiped(_:environment:)``: its standard output is a pipe
    /// that the test reads itself, as slowly as it likes (the child blocks in `write` while the
    /// pipe is full); its standard error goes to a file, read at the end.
    public final class Piped: @unchecked Sendable {
        public let pid: pid_t
        /// The read end of the child's standard output (blocking, close-on-exec); closed by
        /// ``wait()``.
        public let stdout: Int32
        private let running: Running

        fileprivate init(_ running: Running, stdout: Int32) {
            self.running = running
            self.pid = running.pid
            self.stdout = stdout
        }

        public func signal(_ signal: Int32) {
            running.signal(signal)
        }

        /// Waits for the child's end, without blocking the caller's thread, and closes
        /// ``stdout``; the result's `stdout` is empty (what came through the pipe was the
        /// caller's to read).
        public func wait() async throws -> Result {
            defer { close(stdout) }
            return try await running.wait()
        }
    }

    /// Starts `streamtop` with this process's environment, plus `environment`, its standard
    /// output a pipe, and returns at once.
    public static func startStreamtopPiped(_ arguments: [String], environment: [String: String] = [:]) throws -> Piped {
        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let files = try Files(stdin: Data())
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw Failure(description: "cannot make a pipe") }
        // Close-on-exec, so that no other child gets either end (this one gets the write end as 1).
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        defer { close(ends[1]) }
        do {
            let pid = try spawn([streamtop.path] + arguments, files: files, environment: environment, stdout: ends[1])
            return Piped(Running(pid: pid, files: files), stdout: ends[0])
        } catch {
            close(ends[0])
            throw error
        }
    }
}
