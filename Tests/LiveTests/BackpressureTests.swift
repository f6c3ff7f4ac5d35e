#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport

/// Output holds the stream back all the way to the socket (issue 11): a server writing flat out
/// to `streamtop connect --ui json|plain` whose standard output is read slowly gets no further
/// ahead of that output than a few buffers' worth. The verdict is in events — what the server's
/// kernel accepted against the lines that came out — never in time.
@Suite("Output backpressure reaches the socket", .serialized)
struct BackpressureTests {
    /// Events in flight between the server's socket and the test's end of standard output, at
    /// most: 8 MiB of them on the wire. The chain holds about 2 MB (the client's socket buffer,
    /// the HTTP client's few reads, the feed's 4 batches, the output buffer and the pipe); the
    /// unbounded buffering of issue 11 reached 2.2 GB in 8 s.
    static let bound = (8 << 20) / FloodServer.eventBytes
    /// Lines the test reads before it is satisfied: four times the bound, so a client that took
    /// the stream in regardless of its output would have had to hold more than the bound.
    static let target = 4 * bound
    /// What the test reads of standard output at a time.
    static let step = 2 << 20
    /// How long the server must stay blocked before the test reads on: the pace of the slow
    /// reader, not a verdict. However short or long, a client that applies backpressure passes
    /// (nothing accepted can be anywhere but in the chain, which is smaller than the bound);
    /// what it catches is a client that keeps taking the stream in while its output is not read
    /// — it keeps the server from staying blocked, so the test does not read and the gap grows
    /// past the bound. (Reading whenever the server is blocked at all would not catch one whose
    /// printing outruns its decoding: the server is blocked nearly all the time either way.)
    static let quiet = Duration.milliseconds(100)

    @Test(
        "a server writing flat out gets at most the bound ahead of standard output read slowly",
        .timeLimit(.minutes(2)), arguments: ["json", "plain"]
    )
    func boundedByOutput(_ ui: String) async throws {
        // It writes more than the test reads, so that only a client buffering without bound
        // could take it all in.
        let server = try FloodServer(events: Self.target + 2 * Self.bound)
        defer { server.stop() }
        // Nothing below throws until the child has been waited for: no pid is signalled after that.
        let child = try ChildProcess.startStreamtopPiped(["connect", "http://127.0.0.1:\(server.port)/", "--ui", ui])

        var lines = 0
        var outputBytes = 0
        var largestGap = 0
        var checks = 0
        measuring: while true {
            let settled = await Self.settle(server, linesRead: lines)
            let progress = server.progress.value
            let gap = progress.acceptedEvents - lines
            largestGap = max(largestGap, gap)
            checks += 1
            guard settled else {
                Issue.record("the server neither stayed blocked nor finished within 60 s: \(progress.acceptedEvents) events accepted, \(lines) lines read")
                break
            }
            guard gap <= Self.bound else {
                Issue.record("""
                    --ui \(ui): \(gap) events (\(Self.megabytes(gap)) MB on the wire) were accepted from the server \
                    but not yet written to standard output, more than the bound of \(Self.bound) \
                    (\(Self.megabytes(Self.bound)) MB): the client reads the socket while its output is not read \
                    (\(progress.acceptedEvents) events accepted, \(lines) lines read)
                    """)
                break
            }
            if lines >= Self.target { break }
            if let failure = progress.failure {
                Issue.record("the server stopped: \(failure)")
                break
            }
            let chunk = await Self.read(child.stdout, atLeast: Self.step)
            lines += chunk.lines
            outputBytes += chunk.bytes
            if chunk.ended {
                Issue.record("standard output ended after \(lines) lines")
                break measuring
            }
        }
        let lineBytes = lines > 0 ? outputBytes / lines : 0
        print("""
            backpressure --ui \(ui): largest gap \(largestGap) events (\(Self.megabytes(largestGap)) MB on the wire, \
            \(FloodServer.eventBytes) bytes an event; \(lineBytes) bytes a line) over \(lines) lines \
            (\(Self.megabytes(lines)) MB) in \(checks) checks; the server blocked \(server.progress.value.blocks) times; \
            bound \(Self.bound) events (\(Self.megabytes(Self.bound)) MB)
            """)

        // A stopped reader still lets the program stop: SIGTERM while its output is blocked.
        child.signal(SIGTERM)
        let pid = child.pid
        let watchdog = Task {
            // A bound on the wait, never a pace: a child that never ends is killed.
            try await Task.sleep(for: .seconds(30))
            kill(pid, SIGKILL)
        }
        _ = await Self.read(child.stdout, atLeast: .max)
        watchdog.cancel()
        _ = await watchdog.result  // done with the pid before it is reaped
        let result = try await child.wait()
        #expect(result.status == 128 + SIGTERM, "\(result.stderr)")
    }

    /// Waits, without reading, for a moment when the whole chain is full: the server's kernel
    /// refused its next byte and it stayed so for ``quiet`` (nothing downstream is taking any);
    /// or the server is done; or the server got more than the bound ahead of the lines read
    /// (the check fails then). False when none came within 60 s.
    static func settle(_ server: FloodServer, linesRead: Int) async -> Bool {
        let bound = Self.bound
        while true {
            guard await server.progress.wait(until: { $0.blocked || $0.finished || $0.acceptedEvents - linesRead > bound }) else {
                return false
            }
            let blocks = server.progress.value.blocks
            let moved = await server.progress.wait(
                until: { !$0.blocked || $0.blocks != blocks || $0.finished || $0.acceptedEvents - linesRead > bound },
                timeout: quiet
            )
            let progress = server.progress.value
            if !moved || progress.finished || progress.acceptedEvents - linesRead > bound { return true }
        }
    }

    static func megabytes(_ events: Int) -> String {
        String(format: "%.1f", Double(events * FloodServer.eventBytes) / 1e6)
    }

    /// Reads `fd` until at least `atLeast` bytes came or it ended, on a thread of its own (the
    /// reads block); the bytes and newlines read.
    static func read(_ fd: Int32, atLeast: Int) async -> (bytes: Int, lines: Int, ended: Bool) {
        await withCheckedContinuation { continuation in
            Thread {
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                var (bytes, lines, ended) = (0, 0, false)
                while bytes < atLeast {
                    let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else {
                        ended = true
                        break
                    }
                    bytes += count
                    buffer.withUnsafeBytes { raw in
                        var at = raw.baseAddress!
                        let end = at + count
                        while let newline = memchr(at, 0x0A, end - at) {
                            lines += 1
                            at = UnsafeRawPointer(newline) + 1
                        }
                    }
                }
                continuation.resume(returning: (bytes, lines, ended))
            }.start()
        }
    }
}

/// An SSE server on 127.0.0.1 (an ephemeral port), a plain POSIX socket on a thread of its own,
/// that answers one request with a stream of identical-sized events written flat out: the
/// socket is non-blocking, and when the kernel refuses more (EAGAIN) the server is *blocked*
/// until poll says it is writable again. Its send buffer is small (64 KiB asked), so that
/// little waits on its side. It counts the body bytes the kernel accepted.
final class FloodServer: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String

        init(_ description: String) {
            self.description = description
        }
    }

    struct Progress: Sendable {
        /// Body bytes `send` accepted.
        var acceptedBytes = 0
        /// The last send was refused and the socket has not been writable since.
        var blocked = false
        /// Times a send was refused.
        var blocks = 0
        /// Everything was written, or the server stopped (`failure` says why).
        var finished = false
        var failure: String?

        /// Events wholly accepted.
        var acceptedEvents: Int { acceptedBytes / FloodServer.eventBytes }
    }

    /// One event; all are the same size on the wire.
    static func event(_ number: Int) -> [UInt8] {
        let step = String(number % 10_000_000)
        let padded = String(repeating: "0", count: 7 - step.count) + step
        return Array(
            "data: {\"type\":\"progress_update\",\"data\":{\"stage\":\"research_competitor\",\"competitor\":\"A\",\"progress\":0.5,\"message\":\"step \(padded)\"}}\n\n"
                .utf8
        )
    }

    static let eventBytes = event(0).count

    let port: Int
    let progress = Watched(Progress())
    private let listener: Int32
    /// Written to by `stop()`, to wake the server wherever it waits.
    private let wake: (read: Int32, write: Int32)
    /// Signalled when the server's thread has ended.
    private let ended = DispatchSemaphore(value: 0)
    private let stopped = Mutex(false)

    init(events: Int, sendBuffer: Int32 = 64 << 10) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw FloodServer.Failure("cannot make a socket") }
        var size = sendBuffer
        setsockopt(listener, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        var ends: [Int32] = [-1, -1]
        guard bound == 0, named == 0, listen(listener, 4) == 0, pipe(&ends) == 0 else {
            close(listener)
            throw FloodServer.Failure("cannot listen on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        wake = (ends[0], ends[1])

        let block = (0..<1024).flatMap { Self.event($0) }
        let (progress, wakeFD, ended) = (self.progress, wake.read, self.ended)
        let total = events * Self.eventBytes
        Thread {
            let failure = Self.serve(listener: listener, wake: wakeFD, block: block, total: total, sendBuffer: sendBuffer, progress: progress)
            progress.update {
                $0.finished = true
                $0.blocked = false
                $0.failure = failure
            }
            ended.signal()
        }.start()
    }

    deinit {
        stop()
    }

    /// Wakes the server, ends its stream (the client sees the connection close) and waits for
    /// its thread to end (at once: it was waiting or writing), then closes its descriptors.
    func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        ended.wait()
        close(listener)
        close(wake.read)
        close(wake.write)
    }

    /// Serves one connection; nil when it wrote everything, else why it stopped.
    private static func serve(
        listener: Int32, wake: Int32, block: [UInt8], total: Int, sendBuffer: Int32, progress: Watched<Progress>
    ) -> String? {
        guard waitFor(listener, POLLIN, wake: wake) else { return "stopped before a client came" }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return "accept: \(String(cString: strerror(errno)))" }
        defer { close(connection) }
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) | O_NONBLOCK)
        var size = sendBuffer
        setsockopt(connection, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))

        // The request, up to its blank line.
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual("\r\n\r\n".utf8) {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                request += buffer[..<count]
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                guard waitFor(connection, POLLIN, wake: wake) else { return "stopped while reading the request" }
            } else {
                return "the client closed before its request ended"
            }
        }

        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n".utf8)
        if let failure = send(head, on: connection, wake: wake) { return failure }

        // The body: the block over and over, up to `total` bytes.
        var sent = 0
        var offset = 0
        while sent < total {
            let count = block.withUnsafeBytes { raw in
                Glibc.send(connection, raw.baseAddress! + offset, min(raw.count - offset, total - sent), Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
                offset = (offset + count) % block.count
                progress.update { $0.acceptedBytes = sent }
            } else if count < 0 && errno == EAGAIN {
                progress.update {
                    $0.blocked = true
                    $0.blocks += 1
                }
                guard waitFor(connection, POLLOUT, wake: wake) else { return nil }
                progress.update { $0.blocked = false }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return "send: \(String(cString: strerror(errno)))"
            }
        }
        return nil
    }

    /// Sends all of `bytes`, waiting while the socket is full.
    private static func send(_ bytes: [UInt8], on connection: Int32, wake: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                offset += count
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                guard waitFor(connection, POLLOUT, wake: wake) else { return "stopped" }
            } else {
                return "send: \(String(cString: strerror(errno)))"
            }
        }
        return nil
    }

    /// Waits until `fd` is ready for `events` (or in error: the next call says which); false
    /// when `stop()` woke it.
    private static func waitFor(_ fd: Int32, _ events: Int32, wake: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(events), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            return fds[1].revents == 0
        }
    }
}
