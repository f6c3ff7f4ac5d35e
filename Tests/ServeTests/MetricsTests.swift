import Foundation
import JSON
import Testing

/// What the server says of itself: /metrics, /api/health, /api/graph, and its log.
@Suite("streamtop serve: metrics, health and the request log", .timeLimit(.minutes(2)))
struct MetricsTests {
    @Test("after one completed stream and one 429, /metrics counts exactly that")
    func countersAfterAKnownSequence() async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--rate-limit", "1/minute"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["A", "B"]))
        defer { stream.close() }
        try await stream.readToEnd()
        let events = stream.events
        // The stream's counters are final once its log line is written.
        await server.logLines { $0.contains("/api/analysis/stream") }
        let refused = try await server.get(Target.stream(["A", "B"]))
        #expect(refused.status == 429)

        let response = try await server.get("/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
        let metrics = Metrics(response.text)
        #expect(metrics.value("streamtop_streams_started_total") == 1)
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "completed"]) == 1)
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "rejected"]) == 1)
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "client_gone"]) == 0)
        #expect(metrics.value("streamtop_streams_ended_total", ["reason": "error"]) == 0)
        #expect(metrics.value("streamtop_stream_rejections_total", ["limit": "rate_limit"]) == 1)
        #expect(metrics.value("streamtop_stream_rejections_total", ["limit": "max_streams"]) == 0)
        #expect(metrics.value("streamtop_active_streams") == 0)
        #expect(metrics.value("streamtop_heartbeats_sent_total") == 0)

        // Events sent, by type: what the stream carried, type for type.
        #expect(metrics.value("streamtop_events_sent_total", ["type": "analysis_completed"]) == 1)
        var carried: [String: Double] = [:]
        for event in events { carried[event.type ?? "", default: 0] += 1 }
        var counted: [String: Double] = [:]
        for sample in metrics.samples(named: "streamtop_events_sent_total") { counted[sample.labels["type"] ?? "", default: 0] += sample.value }
        #expect(counted == carried)

        // The latency histogram: two stream requests, in cumulative buckets that end at +Inf.
        let name = "streamtop_request_duration_seconds"
        #expect(response.text.contains("# TYPE \(name) histogram"))
        #expect(metrics.value(name + "_count", ["endpoint": "stream"]) == 2)
        #expect(metrics.value(name + "_bucket", ["endpoint": "stream", "le": "+Inf"]) == 2)
        #expect((metrics.value(name + "_sum", ["endpoint": "stream"]) ?? 0) > 0)
        let buckets = metrics.samples(named: name + "_bucket").filter { $0.labels["endpoint"] == "stream" }
            .sorted { (Double($0.labels["le"] ?? "") ?? .infinity) < (Double($1.labels["le"] ?? "") ?? .infinity) }
        #expect(buckets.count > 2)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value }, "cumulative")
        #expect(metrics.value(name + "_count", ["endpoint": "batch"]) == 0)
    }

    @Test("one line per request on standard error, naming the client, method, target and status; the default host is loopback")
    func requestLog() async throws {
        let server = try await ServeProcess.start(["--speed", "0"], host: nil)
        defer { server.stop() }
        #expect(server.announcement == "streamtop serve: listening on http://127.0.0.1:\(server.port)")
        #expect(try await server.get("/api/health").status == 200)
        #expect(try await server.get("/no/such/path").status == 404)
        #expect(try await server.post("/api/analysis", json: #"{"competitors": ["A"]}"#).status == 200)
        let stream = try await server.openStream(Target.stream(["A"], focus: "x y"))
        defer { stream.close() }
        try await stream.readToEnd()
        #expect(try await server.get(Target.stream([], focus: nil)).status == 400)
        let lines = await server.logLines(atLeast: 5)
        #expect(lines.count == 5, "\(lines)")
        let expected: [(String, Int)] = [
            ("GET /api/health", 200), ("GET /no/such/path", 404), ("POST /api/analysis", 200),
            ("GET /api/analysis/stream?competitors=A&focus_area=x%20y", 200), ("GET /api/analysis/stream", 400),
        ]
        for (line, (request, status)) in zip(lines, expected) {
            #expect(line.hasPrefix("127.0.0.1 \(request) \(status) "), "\(line)")
            #expect(line.contains(#/ \d+\.\dms( \(stream ended\))?$/#), "\(line)")
        }
        #expect(lines[3].hasSuffix("(stream ended)"), "\(lines[3])")
    }

    @Test("/api/health and /api/graph answer as documented")
    func healthAndGraph() async throws {
        let server = try await ServeProcess.start(["--speed", "0", "--max-streams", "4", "--heartbeat", "2.5"])
        defer { server.stop() }
        let health = try await server.health()
        #expect(Array(health.keys.prefix(4)) == ["status", "streaming_available", "active_streams", "max_streams"])
        #expect(health["status"]?.stringValue == "ok")
        #expect(health["streaming_available"] == .bool(true))
        #expect(health["active_streams"]?.numberValue == 0)
        #expect(health["max_streams"]?.numberValue == 4)
        #expect(health["heartbeat_seconds"]?.numberValue == 2.5)

        let graph = try await server.json("/api/graph")
        let nodes = graph["nodes"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(nodes.contains("plan_queries") && nodes.contains("research_competitor") && nodes.contains("synthesize_report"), "\(nodes)")
        let edges = graph["edges"]?.arrayValue ?? []
        #expect(!edges.isEmpty)
        #expect(edges.allSatisfy { edge in
            [edge["source"], edge["target"]].allSatisfy { $0?.stringValue.map(nodes.contains) == true }
        }, "every edge joins two nodes")
        let mermaid = graph["mermaid"]?.stringValue ?? ""
        #expect(nodes.filter { !$0.hasPrefix("__") }.allSatisfy { mermaid.contains($0) }, "\(mermaid)")
    }
}
