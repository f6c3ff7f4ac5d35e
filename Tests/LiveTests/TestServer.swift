import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTP server on 127.0.0.1 (an ephemeral port) that answers each request by a script the
/// test gives, and can misbehave on purpose: drop a connection mid-stream, trickle bytes one
/// at a time, go silent, send any status and headers. It notes every request and every
/// connection that closed, for tests to wait on.
final class TestServer: Sendable {
    struct Request: Sendable {
        var path: String
        var headers: HTTPHeaders

        /// The id a client resumes from (`Last-Event-ID`), 0 when it sent none.
        var resumingFrom: Int { headers.first(name: "Last-Event-ID").flatMap { Int($0) } ?? 0 }
    }

    /// What to send back, in order.
    struct Response: Sendable {
        enum Step: Sendable {
            case send(String)
            /// One byte per write, each flushed on its own.
            case trickle(String)
            /// Close the connection without ending the response.
            case drop
            /// Send nothing more until `condition` returns: before a `drop`, the test's word that
            /// the client has handed out what was sent. A close that follows the last bytes too
            /// closely can reach a loaded client in the same read as they do, and the HTTP client
            /// then fails the response without handing out the body parts it had not passed on.
            case waitUntil(@Sendable () async -> Void)
            /// Send nothing more until the client goes.
            case hang
        }

        var status: HTTPResponseStatus = .ok
        var headers: [(String, String)] = [("Content-Type", "text/event-stream")]
        var steps: [Step] = []
    }

    struct Log: Sendable {
        var requests: [Request] = []
        /// The requests (by index) whose response was written to its end.
        var answered: [Int] = []
        var closedConnections = 0
    }

    /// Answers the `index`-th request (0-based) of the server's life.
    typealias Script = @Sendable (_ request: Request, _ index: Int) -> Response

    let port: Int
    let log = Watched(Log())
    private let serverTask: Task<Void, Never>

    let scheme: String
    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    /// With `tls`, the server speaks HTTPS with that context's certificate.
    init(tls: NIOSSLContext? = nil, _ script: @escaping Script) async throws {
        scheme = tls == nil ? "http" : "https"
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        port = channel.channel.localAddress?.port ?? 0
        let log = self.log
        serverTask = Task {
            try? await withThrowingDiscardingTaskGroup { group in
                try await channel.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            try? await Self.serve(connection, script: script, log: log)
                            log.update { $0.closedConnections += 1 }
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

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, script: Script, log: Watched<Log>
    ) async throws {
        let channel = connection.channel
        try await connection.executeThenClose { inbound, _ in
            var parts = inbound.makeAsyncIterator()
            while let part = try await parts.next() {
                guard case .head(let head) = part else { continue }
                while let rest = try await parts.next() {
                    if case .end = rest { break }
                }
                let request = Request(path: head.uri, headers: head.headers)
                var index = 0
                log.update {
                    index = $0.requests.count
                    $0.requests.append(request)
                }
                let response = script(request, index)
                var headers = HTTPHeaders(response.headers)
                headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
                let responseHead = HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)
                try await channel.writeAndFlush(HTTPServerResponsePart.head(responseHead)).get()
                for step in response.steps {
                    switch step {
                    case .send(let text):
                        try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text)))).get()
                    case .trickle(let text):
                        for byte in text.utf8 {
                            try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: [byte])))).get()
                        }
                    case .drop:
                        return
                    case .waitUntil(let condition):
                        await condition()
                    case .hang:
                        while try await parts.next() != nil {}
                        return
                    }
                }
                try await channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
                log.update { $0.answered.append(index) }
            }
        }
    }
}
