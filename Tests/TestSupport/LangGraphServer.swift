import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real LangGraph Server — `langgraph dev`, the in-memory server of `langgraph-cli[inmem]`
/// that `scripts/setup` installs into `.venv/` at the pinned versions — serving the graphs in
/// `langgraph/` (`analysis` and `chat`) on a free port of 127.0.0.1, with no key and no network.
///
/// Tests share one: `let server = try await LangGraphServer.shared.value` (starting takes a
/// second or two). `start()` gives a server of one's own (one test's at a time, in the whole
/// process), stopped by `stop()` or when it is released. Each server starts empty: it runs in a temporary directory of its own, where
/// it keeps its threads and runs (`.langgraph_api/`), removed when it stops.
///
/// The server is spawned as the leader of a process group of its own, with the conventions of
/// `ChildProcess` (default signal handling, an empty signal mask, no descriptors but 0, 1 and
/// 2). Its standard input is a pipe whose other end only this process holds: when that end
/// closes — `stop()`, or this process ending in any way, a crash included, which is how the
/// shared server goes — a watchdog thread in the server kills its process group. Its output
/// (both streams) is read on a thread of its own, so it never blocks; startup waits, up to 60
/// seconds, for the `API:` line (which names the real port: `langgraph dev` silently takes
/// another one when the one asked for is taken), then for uvicorn's `Uvicorn running on` line
/// (the socket listens), then for `GET /ok` to answer.
public final class LangGraphServer: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// The server is not installed: `scripts/setup` installs it (a test may skip).
        public var notInstalled: Bool

        init(_ description: String, notInstalled: Bool = false) {
            self.description = description
            self.notInstalled = notInstalled
        }
    }

    /// One server for the whole test process, started on first use.
    public static let shared = Task<LangGraphServer, any Error> { try await LangGraphServer.launch(turn: nil) }

    /// Servers of a test's own run one at a time in the whole test process: each is a Python
    /// process that takes a core for seconds to start, and suites that start one per test
    /// would otherwise load the machine together until timing-bound tests elsewhere starve.
    private static let turns = OwnServerTurns()

    /// The repository's root, found from this source file.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public let url: String
    public let port: Int

    private let process: LangGraphServerProcess
    /// This server's turn among the test's own servers, given back when it stops.
    private let turn: OwnServerTurns.Turn?

    private init(url: String, port: Int, process: LangGraphServerProcess, turn: OwnServerTurns.Turn?) {
        self.url = url
        self.port = port
        self.process = process
        self.turn = turn
    }

    deinit {
        process.stop()
        turn?.giveBack()
    }

    /// Starts a server of the caller's own, once no other test's own server runs; throws
    /// `Failure` (with `notInstalled` when `.venv/bin/langgraph` is missing) if it is not up
    /// within 60 seconds.
    public static func start() async throws -> LangGraphServer {
        let turn = await turns.take()
        do {
            return try await launch(turn: turn)
        } catch {
            turn.giveBack()
            throw error
        }
    }

    private static func launch(turn: OwnServerTurns.Turn?) async throws -> LangGraphServer {
        let venv = root.appendingPathComponent(".venv/bin")
        for tool in ["langgraph", "python"] where !FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent(tool).path) {
            throw Failure(
                "\(venv.appendingPathComponent(tool).path) is missing: run scripts/setup, which installs the LangGraph Server into .venv/",
                notInstalled: true)
        }
        var attempt = 1
        while true {
            let process = try LangGraphServerProcess(root: root, port: try freePort())
            do {
                let url = try await process.started(timeout: 60)
                guard let port = Int(url.split(separator: ":").last ?? "") else {
                    throw Failure("the server announced \(url), which names no port")
                }
                let server = LangGraphServer(url: url, port: port, process: process, turn: turn)
                let ok = try await server.request("GET", "/ok")
                guard ok.status == 200, ok.body.contains("\"ok\":true") else {
                    throw Failure("GET \(url)/ok answered \(ok.status): \(ok.body.prefix(300))")
                }
                return server
            } catch let failure as Failure {
                process.stop()
                // The free port was taken between our look and the server's bind: try another.
                guard attempt < 3, process.output.contains("address already in use") else {
                    throw Failure("\(failure.description)\n--- the server's output ---\n\(process.output)")
                }
                attempt += 1
            } catch {
                process.stop()
                throw error
            }
        }
    }

    /// Stops the server and its process group (SIGTERM, then SIGKILL after 5 seconds), and
    /// removes its directory. Safe to call more than once.
    public func stop() {
        process.stop()
        turn?.giveBack()
    }

    /// The server's recent output (its last 400 lines), for a failing test's message.
    public var output: String {
        process.output
    }

    /// One HTTP request to the server (`path` like `/threads`), its status and whole body;
    /// `json` is sent as the body with `Content-Type: application/json`. Independent of the
    /// client under test, for setting up and checking (thread and run status, say).
    public func request(_ method: String, _ path: String, json: String? = nil) async throws -> (status: Int, body: String) {
        let port = self.port
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try LangGraphHTTP.exchange(port: port, method: method, path: path, json: json) })
            }.start()
        }
    }

    /// A port of 127.0.0.1 that was free a moment ago.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("cannot create a socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = LangGraphHTTP.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else { throw Failure("cannot find a free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The spawned server: its process, its output, its end.
private final class LangGraphServerProcess: @unchecked Sendable {
    /// Run by `.venv/bin/python -c` with `langgraph`'s arguments: the watchdog, then the CLI
    /// exactly as `.venv/bin/langgraph` runs it.
    private static let launcher = """
        import os, shutil, signal, sys, threading
        state = os.environ.pop("STREAMTOP_LANGGRAPH_STATE_DIR")
        os.chdir(state)
        def watch():
            while os.read(0, 4096):
                pass
            # The test process closed its end or ended: take the whole group down, now.
            shutil.rmtree(state, ignore_errors=True)
            if os.getpgrp() == os.getpid():
                os.killpg(os.getpgrp(), signal.SIGKILL)
            os.kill(os.getpid(), signal.SIGKILL)
        threading.Thread(target=watch, daemon=True).start()
        sys.argv[0] = "langgraph"
        from langgraph_cli.cli import cli
        sys.exit(cli())
        """

    let pid: pid_t
    private let stateDirectory: String
    private let input: Int32
    private let lock = NSCondition()
    private var exited = false
    private var stopped = false
    private var announcedURL: String?
    private var recentLines: [Substring] = []
    private var startup: CheckedContinuation<String, any Error>?
    private var startupResult: Result<String, LangGraphServer.Failure>?

    init(root: URL, port: Int) throws {
        var template = Array("\(NSTemporaryDirectory())/streamtop-langgraph-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw LangGraphServer.Failure("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        stateDirectory = String(cString: made)

        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard Self.closeOnExecPipe(&inputPipe) else { throw LangGraphServer.Failure("cannot create a pipe") }
        guard Self.closeOnExecPipe(&outputPipe) else {
            inputPipe.forEach { close($0) }
            throw LangGraphServer.Failure("cannot create a pipe")
        }
        defer {
            close(inputPipe[0])
            close(outputPipe[1])
        }

        let python = root.appendingPathComponent(".venv/bin/python").path
        let command = [
            python, "-c", Self.launcher,
            "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1", "--port", String(port),
            "--config", root.appendingPathComponent("langgraph/langgraph.json").path,
            // INFO, for uvicorn's "Uvicorn running on" line: the socket is listening.
            "--server-log-level", "INFO",
        ]
        let pythonPath = ProcessInfo.processInfo.environment["PYTHONPATH"].map { ":" + $0 } ?? ""
        let environment = ProcessInfo.processInfo.environment.merging([
            // No key, no network: no LangSmith tracing, no CLI analytics, no version check.
            "LANGSMITH_TRACING": "false", "LANGCHAIN_TRACING_V2": "false",
            "LANGGRAPH_CLI_NO_ANALYTICS": "1", "LANGGRAPH_NO_VERSION_CHECK": "true",
            // langgraph.json names the graphs as modules of langgraph/.
            "PYTHONPATH": root.appendingPathComponent("langgraph").path + pythonPath,
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
            "STREAMTOP_LANGGRAPH_STATE_DIR": stateDirectory,
        ]) { $1 }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], STDERR_FILENO)
        ChildProcess.closeDescriptorsFromThree(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, ChildProcess.resetSignals(&attributes) | Int16(POSIX_SPAWN_SETPGROUP))

        var pid: pid_t = 0
        let status = ChildProcess.withCStrings(command) { argv in
            ChildProcess.withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                posix_spawn(&pid, python, &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else {
            close(inputPipe[1])
            close(outputPipe[0])
            rmdir(stateDirectory)
            throw LangGraphServer.Failure("cannot start \(python): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        input = inputPipe[1]

        let output = outputPipe[0]
        Thread { [self] in readOutput(output) }.start()
        Thread { [self] in reap() }.start()
    }

    /// The announced URL once the server listens.
    func started(timeout seconds: Double) async throws -> String {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self] in
            self?.finishStartup(.failure(LangGraphServer.Failure("the server did not start within \(Int(seconds)) s")))
        }
        return try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let result = startupResult {
                lock.unlock()
                continuation.resume(with: result.mapError { $0 as any Error })
            } else {
                startup = continuation
                lock.unlock()
            }
        }
    }

    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return recentLines.joined(separator: "\n")
    }

    func stop() {
        lock.lock()
        if stopped {
            lock.unlock()
            return
        }
        stopped = true
        let running = !exited
        lock.unlock()
        // Signals go to the group only while its leader is not yet reaped, so never to a
        // group that reused its id.
        if running {
            kill(-pid, SIGTERM)
            if !waitForExit(seconds: 5) {
                kill(-pid, SIGKILL)
                _ = waitForExit(seconds: 10)
            }
        }
        close(input)
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }

    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        lock.lock()
        defer { lock.unlock() }
        while !exited {
            if !lock.wait(until: deadline) { return exited }
        }
        return true
    }

    private func reap() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        lock.lock()
        exited = true
        lock.broadcast()
        lock.unlock()
    }

    private func readOutput(_ descriptor: Int32) {
        defer { close(descriptor) }
        readLines(from: descriptor) { $0.forEach(line) }
        finishStartup(.failure(LangGraphServer.Failure("the server ended before it listened")))
    }

    private func line(_ raw: String) {
        let text = Self.withoutEscapes(raw)
        var ready: String?
        lock.lock()
        recentLines.append(Substring(text))
        if recentLines.count > 400 { recentLines.removeFirst(recentLines.count - 400) }
        if announcedURL == nil, let api = text.range(of: "API: ") {
            announcedURL = text[api.upperBound...].split(separator: " ").first.map(String.init)
        } else if let url = announcedURL, text.contains("Uvicorn running on") {
            ready = url
        }
        lock.unlock()
        if let ready { finishStartup(.success(ready)) }
    }

    private func finishStartup(_ result: Result<String, LangGraphServer.Failure>) {
        lock.lock()
        guard startupResult == nil else {
            lock.unlock()
            return
        }
        startupResult = result
        let continuation = startup
        startup = nil
        lock.unlock()
        continuation?.resume(with: result.mapError { $0 as any Error })
    }

    /// The text without its ANSI escape sequences (the server's log is coloured).
    private static func withoutEscapes(_ text: String) -> String {
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            guard scalars.next() == "[" else { continue }
            while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
        }
        return result
    }

    /// A pipe whose ends are close-on-exec from the start, so that no child spawned meanwhile by
    /// another thread inherits one (`pipe2`, which the Glibc module does not export).
    private static func closeOnExecPipe(_ descriptors: inout [Int32]) -> Bool {
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") {
            return unsafeBitCast(symbol, to: Pipe2.self)(&descriptors, O_CLOEXEC) == 0
        }
        guard pipe(&descriptors) == 0 else { return false }
        descriptors.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        return true
    }
}

/// A minimal HTTP/1.1 exchange over a blocking loopback socket (`Connection: close`).
private enum LangGraphHTTP {
    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        return address
    }

    static func exchange(port: Int, method: String, path: String, json: String?) throws -> (status: Int, body: String) {
        func failure(_ what: String) -> LangGraphServer.Failure {
            LangGraphServer.Failure("\(method) \(path): \(what): \(String(cString: strerror(errno)))")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw failure("cannot create a socket") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw failure("cannot connect to 127.0.0.1:\(port)") }

        let body = Array((json ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nAccept: */*\r\n"
        if json != nil { head += "Content-Type: application/json\r\n" }
        if json != nil || method == "POST" || method == "PUT" || method == "PATCH" { head += "Content-Length: \(body.count)\r\n" }
        let request = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("cannot send the request") }
            sent += count
        }

        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read the response") }
            if count == 0 { break }
            response.append(contentsOf: buffer[..<count])
        }
        let separator = Array("\r\n\r\n".utf8)
        guard let end = response.indices.first(where: { response[$0...].starts(with: separator) }) else {
            throw LangGraphServer.Failure("\(method) \(path): no complete response head in \(response.count) bytes")
        }
        let headLines = String(decoding: response[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusWords = headLines.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw LangGraphServer.Failure("\(method) \(path): no status line in \(headLines.first ?? "")")
        }
        var payload = Array(response[(end + separator.count)...])
        let chunked = headLines.dropFirst().contains {
            $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked")
        }
        if chunked { payload = dechunk(payload) }
        return (status, String(decoding: payload, as: UTF8.self))
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 1
            let stop = min(start + size, bytes.count)
            result.append(contentsOf: bytes[start..<stop])
            index = stop + 2
        }
        return result
    }
}

/// One test's own server at a time: `take` waits for the turn, and the turn it gives is given
/// back once (by `stop()`, or when the server is released).
final class OwnServerTurns: Sendable {
    final class Turn: Sendable {
        private let turns: OwnServerTurns
        private let given = Mutex(false)

        fileprivate init(_ turns: OwnServerTurns) {
            self.turns = turns
        }

        func giveBack() {
            guard given.withLock({ given in defer { given = true }; return !given }) else { return }
            turns.release()
        }
    }

    private struct State {
        var busy = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func take() async -> Turn {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if !state.busy {
                    state.busy = true
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
        return Turn(self)
    }

    fileprivate func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
