import Analysis
import EventStream
import Feeds
import Replay
import Testing
import TestSupport

@Suite("Recording format")
struct RecordingTests {
    @Test("a recording replays its events with their offsets, arrival times and wire form")
    func roundTrip() throws {
        let header = Recording.Header(source: "http://example.test/stream", startedAt: Timestamp(seconds: 1_700_000_000))
        let events = [
            SSEEvent(type: "custom", data: #"{"type":"stage_started","data":{"stage":"plan"}}"#, lastEventID: "1"),
            SSEEvent(data: "not json at all"),
            SSEEvent(data: #"{"type":"progress_update","timestamp":"2024-01-01T00:00:00Z","data":{"progress":0.5}}"#, lastEventID: "3"),
        ]
        var lines = [header.line]
        lines.append(Recording.line(.event(events[0]), offset: 0.5))
        lines.append(Recording.line(.diagnostic("an event larger than 8 bytes was dropped"), offset: 0.75))
        lines.append(Recording.line(.event(events[1]), offset: 1.25))
        lines.append(#"[1.5,"m","a marker from a later version"]"#)
        lines.append(Recording.line(.event(events[2]), offset: 2))
        let reader = try LogReader(path: try temporaryFile(Array((lines.joined(separator: "\n") + "\n").utf8)))
        #expect(reader.format == .recording)
        var items: [FeedItem] = []
        try reader.forEach { items.append($0) }
        #expect(reader.header == header)
        #expect(items.map(\.offset) == [0.5, 0.75, 1.25, 2])
        #expect(items.map(\.wire) == [events[0], nil, events[1], events[2]])
        #expect(items[0].event.kind == .stageStarted)
        #expect(items[0].event.timestamp == Timestamp(seconds: 1_700_000_000.5))
        #expect(items[1].event.kind == .malformed(reason: "an event larger than 8 bytes was dropped"))
        #expect(items[3].event.timestamp == Timestamp(seconds: 1_704_067_200))
    }

    @Test("broken entries are reported with their line; the recording goes on")
    func brokenEntries() throws {
        let header = Recording.Header(source: "demo", startedAt: Timestamp(seconds: 0))
        let good = Recording.line(.event(SSEEvent(data: #"{"type":"heartbeat"}"#)), offset: 1)
        let text = [header.line, "[1, \"e\"", good, "{\"not\": \"an entry\"}", good].joined(separator: "\n")
        var items: [FeedItem] = []
        try LogReader(path: try temporaryFile(Array(text.utf8))).forEach { items.append($0) }
        #expect(items.map(\.event.type) == ["malformed", "heartbeat", "malformed", "heartbeat"])
        #expect(items.map(\.event.line) == [2, 3, 4, 5])
    }
}
