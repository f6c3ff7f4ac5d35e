import Foundation
import Testing
import TestSupport

/// A connection that ends inside an event too large to keep loses that event whatever happens
/// next: the output says so, with its size, instead of saying nothing.
@Suite("A live stream that ends inside an event")
struct UnfinishedEventTests {
    @Test("a line that never ends, past the cap, is named with its size; the reconnect then completes the run")
    func endlessLine() async throws {
        let endless = "data: " + String(repeating: "x", count: 9 << 20)
        let final = "id: 2\n" + #"data: {"type":"progress_update","data":{"stage":"complete","progress":1.0}}"# + "\n\n"
        // Keyed on Last-Event-ID, not on the request's number: on a loaded machine a first
        // attempt may fail before its heartbeat, and its retry must get the endless line again.
        let server = try await TestServer { request, _ in
            request.resumingFrom == 0
                ? .init(steps: [.send("retry: 10\nid: 1\n" + #"data: {"type":"heartbeat"}"# + "\n\n"), .send(endless)])
                : .init(steps: [.send(final)])
        }
        defer { server.stop() }
        let result = try await ChildProcess.streamtop(["connect", server.baseURL + "/stream", "--ui", "plain"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(
            "the stream ends inside an event that was never finished (larger than 8,388,608 bytes): its 9,437,190 bytes were dropped"
        ), "\(result.stdout)\n--- standard error:\n\(result.stderr)")
    }
}
