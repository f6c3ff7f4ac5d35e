import Foundation
import Testing
import TestSupport

@Suite("streamtop replay and dump, as a user runs them")
struct ReplayCommandTests {
    @Test("plain output: one line per event, nothing a terminal would interpret")
    func plainLines() async throws {
        let hostile = #"data: {"type":"progress_update","data":{"competitor":"\u001b]0;pwned\u0007Evil\u001b[2J","message":"line\nbreak\u009b31m"}}"# + "\n\n"
        let result = try await ChildProcess.streamtop(["replay", "--ui", "plain", "-"], stdin: Data(hostile.utf8))
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines[0].contains("Evil"))
        #expect(lines[0].contains("line break"))
        #expect(!result.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
    }

    @Test("plain lines for a recorded run, in order")
    func plainRun() async throws {
        let result = try await ChildProcess.streamtop(["replay", fixturePath("samples/ref-default.sse")])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 28)
        #expect(lines.first?.contains("stage_started") == true)
        #expect(lines.last?.contains("[100%] progress_update") == true)
    }

    @Test("json output: one normalised envelope per event, each valid JSON")
    func jsonLines() async throws {
        let result = try await ChildProcess.streamtop(["replay", "--ui", "json", fixturePath("samples/ref-invalid-unknown.sse")])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 30)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.allSatisfy { $0?["type"] is String })
        #expect(objects.contains { $0?["type"] as? String == "malformed" && $0?["line"] as? Int == 7 })
    }

    @Test("standard input works like a file")
    func standardInput() async throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixturePath("samples/ref-default.jsonl")))
        let fromStdin = try await ChildProcess.streamtop(["replay", "--summary", "json", "-"], stdin: bytes)
        let fromFile = try await ChildProcess.streamtop(["replay", "--summary", "json", fixturePath("samples/ref-default.jsonl")])
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout == fromFile.stdout)
    }

    @Test("--record refuses a pipe, which it could read only once, and names what it needs")
    func recordFromPipe() async throws {
        let pipe = try pipeOnce(Array(try Data(contentsOf: URL(fileURLWithPath: fixturePath("samples/ref-default.jsonl")))))
        let result = try await ChildProcess.streamtop(["replay", "--summary", "json", "--record", temporaryPath("copy.jsonl"), pipe])
        #expect(result.status == 1)
        #expect(result.stderr.contains("it needs a file, not standard input or a pipe"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("input that ends inside a 20 MB line names the event dropped and its size in the summary")
    func endlessLineOnStandardInput() async throws {
        let bytes = Data(#"data: {"type":"heartbeat"}"#.utf8 + Array("\n\ndata: ".utf8) + [UInt8](repeating: 0x61, count: 20_000_000))
        let result = try await ChildProcess.streamtop(["replay", "--summary", "json", "-"], stdin: bytes)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(summary["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["message"] as? String } == [
            "the stream ends inside an event that was never finished (larger than 8,388,608 bytes): its 20,000,006 bytes were dropped",
        ])
        #expect(diagnostics.first?["line"] as? Int == 3)
    }

    @Test("files that are not logs fail with a clear message, no usage text, and status 1")
    func badFiles() async throws {
        let missing = try await ChildProcess.streamtop(["replay", "/nonexistent/run.sse"])
        #expect(missing.status == 1)
        #expect(!missing.stderr.contains("USAGE"))
        #expect(missing.stderr.contains("cannot open /nonexistent/run.sse"))
        let empty = try await ChildProcess.streamtop(["replay", "-"])
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("standard input is empty"))
        let binary = try await ChildProcess.streamtop(["replay", "-"], stdin: Data([0, 1, 2, 0xFF, 0xFE]))
        #expect(binary.stderr.contains("not a recorded stream"))
    }

    @Test("dump prints every SSE event as JSON, then the retry")
    func dump() async throws {
        let capture = "retry: 2500\r\n: keep-alive\r\nevent: custom\r\nid: 7\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\ndata: second\n\ndata: cut short"
        let result = try await ChildProcess.streamtop(["dump", "-"], stdin: Data(capture.utf8))
        #expect(result.status == 0)
        #expect(result.stdout == """
            {"type":"custom","data":"{\\"a\\":\\n1}","id":"7"}
            {"type":"message","data":"second","id":"7"}
            {"retry_ms":2500}

            """)
        #expect(result.stderr.contains("line 10: the stream ends inside an event"))
    }

    @Test("dump passes the conformance vectors' multi-line and BOM cases through the whole program")
    func dumpSample() async throws {
        let result = try await ChildProcess.streamtop(["dump", fixturePath("samples/ref-multiline-mixed-eol.sse")])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 28)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let data = try #require(object?["data"] as? String)
            #expect((try? JSONSerialization.jsonObject(with: Data(data.utf8))) != nil)
        }
    }
}
