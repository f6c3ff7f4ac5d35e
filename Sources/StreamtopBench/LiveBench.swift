import Analysis
import EventStream
import Feeds
import Foundation
import Live
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The live client end to end over loopback: a server in this process writes the stream, a
/// ``LiveFeed`` reads, parses, decodes it, and the events are reduced. Throughput takes a
/// server writing as fast as the socket allows; latency takes a server writing 1,000 events a
/// second and times each from just before its write to just after its reduction.
enum LiveBench {
    static func run(throughputEvents: Int = 500_000, latencyEvents: Int = 3_000) async throws -> [BenchRow] {
        let (rate, total) = try await throughput(events: throughputEvents)
        let (tokenRate, _) = try await throughput(events: throughputEvents, bearerToken: "bench-token-0123456789abcdef")
        let latencies = try await latency(events: latencyEvents, perSecond: 1_000)
        return [
            BenchRow(name: "live over loopback: \(total) events, server writing flat out",
                     value: PipelineBench.rate(rate, "events/s"), target: "≥ 1,000,000 events/s"),
            BenchRow(name: "live over loopback, with a bearer token (every event searched for it)",
                     value: PipelineBench.rate(tokenRate, "events/s"), target: "—"),
            BenchRow(name: "live write → reduced latency at 1,000 events/s: p50", value: microseconds(latencies, 0.50), target: "—"),
            BenchRow(name: "live write → reduced latency at 1,000 events/s: p99", value: microseconds(latencies, 0.99), target: "< 5 ms"),
        ]
    }

    /// A run's event number `index`, as the seed's servers write one.
    private static func envelope(_ index: Int) -> String {
        #"{"type":"progress_update","timestamp":"2024-01-01T12:00:00Z","data":{"stage":"research_competitor","#
            + #""competitor":"Stryker Spine","progress":0.5,"message":"Analyzing competitor product portfolio... step \#(index)"},"#
            + #""metadata":{"session_id":"bench","request_id":"bench"}}"#
    }

    private static let final = SSEEncoder.encode(SSEEvent(
        data: #"{"type":"progress_update","timestamp":"2024-01-01T12:00:00Z","data":{"stage":"complete","progress":1.0}}"#
    ))

    private static func throughput(events: Int, bearerToken: String? = nil) async throws -> (rate: Double, total: Int) {
        // One block of events written again and again: the server's cost stays out of the way.
        let block = (0..<1_000).map { SSEEncoder.encode(SSEEvent(data: envelope($0))) }.joined()
        let blocks = max(1, events / 1_000)
        let server = try await BenchServer { channel in
            let buffer = ByteBuffer(string: block)
            for _ in 0..<blocks {
                try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer))).get()
            }
            try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: final)))).get()
        }
        defer { server.stop() }
        let start = ContinuousClock.now
        var state = AnalysisState()
        for await element in LiveFeed(try options(server.url, bearerToken: bearerToken)).elements() {
            if case .items(let items) = element { for item in items { state.reduce(item.event) } }
        }
        let seconds = (ContinuousClock.now - start).seconds
        return (Double(state.eventCounts.total) / seconds, state.eventCounts.total)
    }

    private static func latency(events: Int, perSecond: Int) async throws -> [Duration] {
        let sent = Mutex([ContinuousClock.Instant?](repeating: nil, count: events + 1))
        let server = try await BenchServer { channel in
            let start = ContinuousClock.now
            let interval = Duration.seconds(1) / perSecond
            for index in 1...events {
                try await Task.sleep(until: start + interval * index, clock: .continuous)
                let bytes = ByteBuffer(string: SSEEncoder.encode(SSEEvent(data: envelope(index)), id: String(index)))
                sent.withLock { $0[index] = .now }
                try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(bytes))).get()
            }
            try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: final)))).get()
        }
        defer { server.stop() }
        var state = AnalysisState()
        var latencies: [Duration] = []
        for await element in LiveFeed(try options(server.url)).elements() {
            guard case .items(let items) = element else { continue }
            for item in items {
                state.reduce(item.event)
                let reduced = ContinuousClock.now
                if let index = item.wire.flatMap({ Int($0.lastEventID) }), let write = sent.withLock({ $0[index] }) {
                    latencies.append(reduced - write)
                }
            }
        }
        return latencies.sorted()
    }

    private static func options(_ url: String, bearerToken: String? = nil) throws -> LiveOptions {
        var options = LiveOptions(request: try StreamRequest(url: url, bearerToken: bearerToken))
        options.once = true
        options.environment = [:]
        return options
    }

    private static func microseconds(_ sorted: [Duration], _ quantile: Double) -> String {
        guard !sorted.isEmpty else { return "no samples" }
        let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))]
        return String(format: "%.0f µs", value.seconds * 1e6)
    }
}

/// The bench's loopback server: answers every request with `text/event-stream` and a body
/// that `write` produces, then ends it.
private final class BenchServer: Sendable {
    let url: String
    private let task: Task<Void, Never>

    init(write: @escaping @Sendable (any Channel) async throws -> Void) async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        url = "http://127.0.0.1:\(listener.channel.localAddress?.port ?? 0)/api/analysis/stream"
        task = Task {
            try? await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            try? await connection.executeThenClose { inbound, _ in
                                for try await part in inbound {
                                    guard case .end = part else { continue }
                                    let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Type": "text/event-stream"])
                                    try await connection.channel.writeAndFlush(HTTPServerResponsePart.head(head)).get()
                                    try await write(connection.channel)
                                    try await connection.channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func stop() {
        task.cancel()
    }
}
