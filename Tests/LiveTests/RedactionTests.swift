import Foundation
import Testing
import TestSupport

/// Secrets a server echoes back never leave the process: not on standard output or error,
/// not in a recording.
@Suite("Secrets echoed by a server")
struct RedactionTests {
    static let token = "s3cr3t-token-\(UUID().uuidString)"
    static let apiKey = "api-key-\(UUID().uuidString)"

    @Test("a 401 whose body echoes the Authorization header and an -H secret: the reason is shown without them")
    func errorBody() async throws {
        let server = try await TestServer { request, _ in
            let echoed = #"{"detail":"rejected \#(request.headers.first(name: "Authorization") ?? "") with x-api-key \#(request.headers.first(name: "x-api-key") ?? "")"}"#
            return .init(status: .unauthorized, headers: [("Content-Type", "application/json")], steps: [.send(echoed)])
        }
        defer { server.stop() }
        let result = try await ChildProcess.streamtop(
            ["connect", server.baseURL + "/api/analysis/stream", "--ui", "plain", "-H", "x-api-key: \(Self.apiKey)"],
            environment: ["STREAMTOP_TOKEN": Self.token]
        )
        // The server did get them: the test would prove nothing otherwise.
        #expect(server.log.value.requests.first?.headers.first(name: "Authorization") == "Bearer \(Self.token)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("HTTP 401"))
        #expect(result.stderr.contains("rejected Bearer [redacted] with x-api-key [redacted]"), "\(result.stderr)")
        for output in [result.stdout, result.stderr] {
            #expect(!output.contains(Self.token))
            #expect(!output.contains(Self.apiKey))
        }
    }

    @Test("an event whose text holds the token: printed, summarised and recorded without it")
    func eventText() async throws {
        let run = TestRun(count: 3)
        let leaky = #"{"type":"progress_update","data":{"progress":0.5,"message":"using token \#(Self.token) now"}}"#
        let body = "data: \(leaky)\n\n" + run.sse(run.all)
        let server = try await TestServer { _, _ in .init(steps: [.send(body)]) }
        defer { server.stop() }
        let recording = temporaryPath("leak.jsonl")
        defer { try? FileManager.default.removeItem(atPath: recording) }
        for ui in ["json", "plain"] {
            try? FileManager.default.removeItem(atPath: recording)
            let result = try await ChildProcess.streamtop(
                ["connect", server.baseURL + "/api/analysis/stream", "--ui", ui, "--record", recording],
                environment: ["STREAMTOP_TOKEN": Self.token]
            )
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("using token [redacted] now"))
            let recorded = try String(contentsOfFile: recording, encoding: .utf8)
            #expect(recorded.contains("using token [redacted] now"))
            for output in [result.stdout, result.stderr, recorded] { #expect(!output.contains(Self.token)) }
        }
        let summary = try await ChildProcess.streamtop(
            ["connect", server.baseURL + "/api/analysis/stream", "--summary", "json"], environment: ["STREAMTOP_TOKEN": Self.token]
        )
        #expect(!summary.stdout.contains(Self.token))
    }
}
