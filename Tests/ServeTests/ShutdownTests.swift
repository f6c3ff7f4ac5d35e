#if canImport(Glibc)
import Glibc
#endif
import Foundation
import JSON
import Testing

/// SIGINT and SIGTERM stop the server cleanly: open streams get a final event and end.
@Suite("streamtop serve: shutting down", .timeLimit(.minutes(2)))
struct ShutdownTests {
    @Test("a signal with a stream open and a batch call waiting: a final server_shutdown event, a clean end, 503, exit 0",
          arguments: [SIGTERM, SIGINT])
    func shutdownWithStreamsOpen(_ signal: Int32) async throws {
        // Slow runs: the stream waits some 7 s for its second event, the batch call for the end.
        let server = try await ServeProcess.start(["--speed", "0.05"])
        defer { server.stop() }
        let stream = try await server.openStream(Target.stream(["A"]))
        defer { stream.close() }
        try #require(try await stream.read(toEvent: 1))
        let sessionID = stream.events.first?.envelope?["metadata"]?["session_id"]
        async let batch = server.get(Target.batch(["B"]))
        try await server.poll("/api/runs", "the batch call watching its run") { runs in
            runs.arrayValue?.contains { $0["competitors"] == .array([.string("B")]) && $0["watchers"]?.numberValue == 1 } == true
        }

        server.signal(signal)
        let frames = try await stream.readToEnd()
        #expect(stream.exchange.bodyComplete, "the chunked body ends with its terminator")
        #expect(stream.exchange.wire.suffix(5) == Array("0\r\n\r\n".utf8))
        try await stream.readUntilClosed()
        #expect(frames.first?.text == "retry: 3000")
        #expect(frames.dropFirst().dropLast().allSatisfy { $0.id != nil || $0.isHeartbeat })
        let final = try #require(frames.last)
        #expect(final.id == nil)
        #expect(final.type == "error")
        #expect(final.envelope?["data"]?["error_type"]?.stringValue == "server_shutdown")
        #expect(final.envelope?["data"]?["error"]?.stringValue?.isEmpty == false)
        #expect(final.envelope?["metadata"]?["session_id"] == sessionID)

        let answer = try await batch
        #expect(answer.status == 503, "\(answer.text)")
        #expect(answer.header("Retry-After") != nil)
        #expect((try? answer.json())?["error"]?.stringValue?.isEmpty == false)

        let status = await server.exitStatus()
        #expect(status == 0, "\(server.log.value.lines)")
        let log = await server.logLines(until: { $0.contains("GET /api/analysis/stream") })
        #expect(log.contains { $0.hasPrefix("127.0.0.1 GET /api/analysis/stream?competitors=A") && $0.contains(" 200 ") }, "\(log)")
        #expect(log.contains { $0.hasPrefix("127.0.0.1 GET /api/analysis?competitors=B") && $0.contains(" 503 ") }, "\(log)")
    }
}
