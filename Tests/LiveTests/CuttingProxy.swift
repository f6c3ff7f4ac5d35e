import NIOCore
import NIOPosix

/// A TCP proxy on 127.0.0.1 (an ephemeral port) that forwards every connection to a server on
/// 127.0.0.1, byte for byte, and cuts one stream: on the first connection whose server→client
/// bytes carry `text/event-stream` it forwards exactly `cut.bodyBytes` bytes after that
/// response's head (the body as sent, chunk framing included) — or, with `atEventEnd`, up to
/// the end of the first event that ends at or after them — and then closes both sides. Every
/// other connection, the rejoin among them, goes through untouched.
///
/// It notes the bytes of every connection both ways (so a test can read the requests the client
/// sent, `Last-Event-ID` and all, and what the server answered) and the body bytes of the cut
/// stream that it let through.
final class CuttingProxy: Sendable {
    struct Cut: Sendable, CustomStringConvertible {
        var bodyBytes: Int
        /// Cut where the event under the cut ends (right after its blank line), not inside it.
        var atEventEnd = false

        var description: String { atEventEnd ? "at the end of the event at body byte \(bodyBytes)" : "at body byte \(bodyBytes)" }
    }

    struct Log: Sendable {
        var connections = 0
        /// Streams cut: 0 until the cut, then 1.
        var cuts = 0
        /// A stream was found to cut (the first one).
        var claimed = false
        /// The cut stream's body bytes that reached the client before the cut.
        var forwardedBody: [UInt8] = []
        /// Each connection's client→server bytes, in the order the connections were accepted.
        var sent: [[UInt8]] = []
        /// Each connection's server→client bytes as forwarded (up to the cut on the cut one).
        var received: [[UInt8]] = []
    }

    let port: Int
    let log = Watched(Log())
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let serverTask: Task<Void, Never>

    init(upstreamPort: Int, cut: Cut) async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        port = channel.channel.localAddress?.port ?? 0
        let log = self.log
        serverTask = Task {
            try? await withThrowingDiscardingTaskGroup { group in
                try await channel.executeThenClose { connections in
                    for try await connection in connections {
                        var index = 0
                        log.update {
                            index = $0.connections
                            $0.connections += 1
                            $0.sent.append([])
                            $0.received.append([])
                        }
                        group.addTask {
                            try? await Self.forward(connection, index: index, upstreamPort: upstreamPort, cut: cut, log: log)
                        }
                    }
                }
            }
        }
    }

    /// Stops accepting and closes every connection.
    func stop() {
        serverTask.cancel()
    }

    private static func forward(
        _ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>, index: Int, upstreamPort: Int, cut: Cut, log: Watched<Log>
    ) async throws {
        let upstream: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: "127.0.0.1", port: upstreamPort) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            try? await client.channel.close()
            throw error
        }
        let clientChannel = client.channel
        let upstreamChannel = upstream.channel
        try await client.executeThenClose { fromClient, _ in
            try await upstream.executeThenClose { fromServer, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await buffer in fromClient {
                            log.update { $0.sent[index] += buffer.readableBytesView }
                            try await upstreamChannel.writeAndFlush(buffer).get()
                        }
                    }
                    group.addTask {
                        var watch = Watch(cut: cut)
                        for try await buffer in fromServer {
                            let (forward, cutHere) = watch.take(Array(buffer.readableBytesView), log: log)
                            if !forward.isEmpty {
                                log.update { $0.received[index] += forward }
                                try await clientChannel.writeAndFlush(ByteBuffer(bytes: forward)).get()
                            }
                            if cutHere {
                                log.update { $0.cuts += 1 }
                                return
                            }
                        }
                    }
                    // Either side ending (or the cut) ends both: closing each channel ends the
                    // other direction's reads.
                    defer {
                        clientChannel.close(promise: nil)
                        upstreamChannel.close(promise: nil)
                    }
                    try await group.next()
                }
            }
        }
    }

    /// One connection's server→client bytes: what to forward of each read, and where to cut.
    private struct Watch {
        private enum Phase {
            /// Looking for the stream's response head (earlier responses on the connection
            /// pass through meanwhile).
            case looking(seen: [UInt8])
            /// In the cut stream's body: `body` is what was forwarded of it.
            case cutting(body: [UInt8])
            case passing
        }

        let cut: Cut
        private var phase: Phase = .looking(seen: [])

        init(cut: Cut) {
            self.cut = cut
        }

        /// The bytes of `bytes` to forward, and whether to cut after them.
        mutating func take(_ bytes: [UInt8], log: Watched<Log>) -> (forward: [UInt8], cut: Bool) {
            switch phase {
            case .passing:
                return (bytes, false)
            case .cutting:
                return takeBody(bytes, log: log)
            case .looking(let earlier):
                let seen = earlier + bytes
                guard let mark = Self.find(Array("text/event-stream".utf8), in: seen, from: 0),
                    let headEnd = Self.find(Self.blankLine, in: seen, from: mark).map({ $0 + Self.blankLine.count })
                else {
                    phase = .looking(seen: seen)
                    return (bytes, false)
                }
                // Only the first stream is cut.
                var first = false
                log.update {
                    first = !$0.claimed
                    $0.claimed = true
                }
                guard first else {
                    phase = .passing
                    return (bytes, false)
                }
                // The part of this read up to the body, then the body as far as the cut.
                let headInRead = headEnd - earlier.count
                phase = .cutting(body: [])
                let (body, cutHere) = takeBody(Array(bytes[headInRead...]), log: log)
                return (Array(bytes[..<headInRead]) + body, cutHere)
            }
        }

        private mutating func takeBody(_ bytes: [UInt8], log: Watched<Log>) -> (forward: [UInt8], cut: Bool) {
            guard case .cutting(let before) = phase else { return (bytes, false) }
            let body = before + bytes
            var end: Int?
            if cut.atEventEnd {
                // The first blank line (CRLF CRLF) that ends at or after the cut.
                end = Self.find(Self.blankLine, in: body, from: max(0, cut.bodyBytes - Self.blankLine.count))
                    .map { $0 + Self.blankLine.count }
            } else if body.count >= cut.bodyBytes {
                end = cut.bodyBytes
            }
            // A body that ended (its last chunk) before the cut is not cut: the test sees no cut.
            let last = Self.find(Self.lastChunk, in: body, from: 0).map { $0 + Self.lastChunk.count }
            if let last, last <= end ?? Int.max {
                phase = .passing
                return (bytes, false)
            }
            let kept = end.map { Array(body[..<$0]) } ?? body
            phase = end == nil ? .cutting(body: kept) : .passing
            log.update { $0.forwardedBody = kept }
            return (Array(kept[before.count...]), end != nil)
        }

        private static let blankLine = Array("\r\n\r\n".utf8)
        private static let lastChunk = Array("\r\n0\r\n\r\n".utf8)

        private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
            guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
            return (start...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
    }
}
