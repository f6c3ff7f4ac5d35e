import Foundation
import Testing
import TestSupport

/// A body that is no event stream says what it is, instead of "the stream ended before the run
/// completed" again and again.
@Suite("Bodies that are not an event stream")
struct UnreadableBodyTests {
    private static func connect(_ server: TestServer) async throws -> ChildProcess.Result {
        try await ChildProcess.streamtop(["connect", server.baseURL + "/api/analysis/stream", "--ui", "plain"])
    }

    @Test("a compressed stream (Content-Encoding: gzip) fails at once, naming the encoding")
    func compressed() async throws {
        let server = try await TestServer { _, _ in
            .init(headers: [("Content-Type", "text/event-stream"), ("Content-Encoding", "gzip")], steps: [.send("\u{1F}\u{8B}\u{08}")])
        }
        defer { server.stop() }
        let result = try await Self.connect(server)
        #expect(result.status == 1)
        #expect(result.stderr.contains("compressed (Content-Encoding: gzip)"), "\(result.stderr)")
        #expect(server.log.value.requests.count == 1)
    }

    @Test("a body of binary bytes fails at once, saying it is not text")
    func binary() async throws {
        let server = try await TestServer { _, _ in .init(steps: [.send("\u{0}\u{1}\u{2}\u{0}binary\u{0}")]) }
        defer { server.stop() }
        let result = try await Self.connect(server)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the stream's body is not text (11 bytes, 3 of them NUL)"), "\(result.stderr)")
        #expect(server.log.value.requests.count == 1)
    }
}
