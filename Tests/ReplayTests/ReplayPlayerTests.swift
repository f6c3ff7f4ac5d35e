import Analysis
import EventStream
import Feeds
import Foundation
@testable import Replay
import Synchronization
import Testing
import TestSupport

/// Everything a player said, in order.
final class PlayerOutputs: Sendable {
    private let outputs = Mutex<[FeedElement]>([])

    func append(_ output: FeedElement) {
        outputs.withLock { $0.append(output) }
    }

    /// The state a dashboard fed these outputs would show.
    var state: AnalysisState {
        outputs.withLock { outputs in
            var state = AnalysisState()
            for output in outputs {
                switch output {
                case .items(let items): for item in items { state.reduce(item.event) }
                case .snapshot(let snapshot, _): state = snapshot
                default: break
                }
            }
            return state
        }
    }

    var events: [AnalysisEvent] {
        outputs.withLock { $0.flatMap { output -> [AnalysisEvent] in if case .items(let items) = output { items.map(\.event) } else { [] } } }
    }

    var lastStatus: PlaybackStatus? {
        outputs.withLock { $0.compactMap { output -> PlaybackStatus? in if case .playback(let status) = output { status } else { nil } }.last }
    }

    var notices: [String] {
        outputs.withLock { $0.compactMap { output -> String? in if case .notice(let text, _) = output { text } else { nil } } }
    }

    var all: [FeedElement] { outputs.withLock { $0 } }
}

/// A player running on a virtual clock, for one test. Its outputs are recorded as the player
/// emits them, so that once the player waits again everything it said is there to check.
struct PlayerHarness {
    let player: ReplayPlayer<VirtualClock>
    let clock = VirtualClock()
    let commands = CommandInbox<PlaybackCommand>()
    let outputs = PlayerOutputs()
    let task: Task<Void, Never>

    /// `until`: the player stops once this says the outputs so far are enough.
    init(
        path: String, options: ReplayPlayer<VirtualClock>.Options, indexed: Bool = true,
        until enough: @escaping @Sendable (PlayerOutputs) -> Bool = { _ in false }
    ) async throws {
        let index = ReplayIndex()
        if indexed { await index.build(path: path, maxIdle: options.maxIdle) }
        let player = try ReplayPlayer(path: path, options: options, clock: clock, commands: commands, index: index)
        self.player = player
        let outputs = outputs
        task = Task {
            await player.run { element in
                outputs.append(element)
                return !enough(outputs)
            }
        }
    }

    /// Sends a command and returns once the player has handled it and is idle again.
    func send(_ command: PlaybackCommand) async {
        let idles = clock.idles
        commands.send(command)
        await clock.waitUntilIdle(idles + 1)
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}

/// A recording whose events arrive at the given offsets (seconds).
func recording(offsets: [Double], events: [String]? = nil) throws -> String {
    let header = Recording.Header(source: "test", startedAt: Timestamp(seconds: 1_700_000_000))
    let lines = offsets.enumerated().map { index, offset in
        let data = events?[index] ?? #"{"type":"progress_update","data":{"progress":\#(Double(index) / Double(offsets.count)),"message":"event \#(index)"}}"#
        return Recording.line(.event(SSEEvent(data: data)), offset: offset)
    }
    return try temporaryFile(Array(([header.line] + lines).joined(separator: "\n").utf8), named: "recording.jsonl")
}

/// A long SSE log (many chunks, several snapshots) with stages, sources and insights.
func longLog(events: Int) throws -> String {
    var text = ""
    for index in 0..<events {
        let competitor = ["Acme", "Globex", "Initech"][index % 3]
        let json: String = switch index % 5 {
        case 0: #"{"type":"stage_started","timestamp":"2024-01-01T00:00:00Z","data":{"stage":"stage-\#(index / 1000)","competitor":"\#(competitor)"}}"#
        case 1: #"{"type":"sources_found","data":{"competitor":"\#(competitor)","count":2,"sources":[{"title":"t\#(index)","url":"https://x.example/\#(index % 700)"}]}}"#
        case 2: #"{"type":"insight_generated","data":{"insight":"insight \#(index) \#(String(repeating: "z", count: 200))","competitor":"\#(competitor)"}}"#
        case 3: "not json \(index)"
        default: #"{"type":"progress_update","data":{"progress":\#(Double(index) / Double(events)),"competitor":"\#(competitor)","competitor_progress":0.5}}"#
        }
        text += "data: \(json)\n\n"
    }
    return try temporaryFile(Array(text.utf8), named: "long.sse")
}

/// The state after the first `count` items of a log, by a plain forward fold.
func forwardState(_ path: String, count: Int) throws -> AnalysisState {
    var state = AnalysisState()
    var seen = 0
    try LogReader(path: path).forEach { item in
        if seen < count { state.reduce(item.event) }
        seen += 1
    }
    return state
}

@Suite("Replay player")
struct ReplayPlayerTests {
    @Test("events come at their recorded offsets, scaled by speed")
    func timing() async throws {
        let path = try recording(offsets: [0, 0.5, 2, 10])
        for (speed, expected) in [(1.0, [0.5, 2, 10]), (2.0, [0.25, 1, 5]), (0.5, [1, 4, 20])] {
            let harness = try await PlayerHarness(path: path, options: .init(speed: speed))
            await harness.clock.waitUntilIdle(1)
            #expect(harness.clock.deadlines.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } == expected)
            #expect(harness.outputs.events.count == 4)
            #expect(harness.outputs.lastStatus?.hasEnded == true)
            await harness.stop()
        }
    }

    @Test("--max-idle caps the pauses of the log")
    func maxIdle() async throws {
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 0.5, 60, 3600]), options: .init(maxIdle: 2))
        await harness.clock.waitUntilIdle(1)
        #expect(harness.clock.deadlines == [.milliseconds(500), .milliseconds(2500), .milliseconds(4500)])
        await harness.stop()
    }

    @Test("timestamps out of order or missing never stall the replay")
    func disorderedTimestamps() async throws {
        let stamps = ["2024-01-01T00:00:10Z", "2024-01-01T00:00:05Z", nil, "2024-01-01T00:00:11Z", "garbage"]
        let lines = stamps.map { stamp in
            #"{"type":"heartbeat""# + (stamp.map { #","timestamp":"\#($0)""# } ?? "") + "}"
        }
        let harness = try await PlayerHarness(path: try temporaryFile(Array(lines.joined(separator: "\n").utf8)), options: .init())
        await harness.clock.waitUntilIdle(1)
        let times = harness.clock.deadlines
        #expect(times == times.sorted())
        #expect(harness.outputs.events.count == 5)
        #expect((times.last ?? .zero) < .seconds(2))
        await harness.stop()
    }

    @Test("start paused, step forward and back, then play to the end")
    func pauseAndStep() async throws {
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 1, 2, 3, 4]), options: .init(startPaused: true))
        await harness.clock.waitUntilIdle(1)
        #expect(harness.outputs.events.isEmpty)
        await harness.send(.step(1))
        await harness.send(.step(1))
        await harness.send(.step(1))
        #expect(harness.outputs.events.count == 3)
        #expect(harness.outputs.lastStatus?.position == 3)
        await harness.send(.step(-1))
        #expect(harness.outputs.lastStatus?.position == 2)
        #expect(harness.outputs.state.progress == 0.2)
        await harness.send(.togglePause)
        #expect(harness.outputs.lastStatus?.hasEnded == true)
        #expect(harness.outputs.state.eventCounts.total == 5)
        await harness.stop()
    }

    @Test("+ and - move through the speed ladder; = resets it")
    func speeds() async throws {
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 1]), options: .init(startPaused: true))
        await harness.clock.waitUntilIdle(1)
        await harness.send(.faster)
        #expect(harness.outputs.lastStatus?.speed == 2)
        for _ in 0..<10 { await harness.send(.faster) }
        #expect(harness.outputs.lastStatus?.speed == 64)
        await harness.send(.normalSpeed)
        for _ in 0..<10 { await harness.send(.slower) }
        #expect(harness.outputs.lastStatus?.speed == 0.25)
        await harness.stop()
    }

    @Test("a seek anywhere gives exactly the state of a forward replay to the same event", .timeLimit(.minutes(2)))
    func seekEquivalence() async throws {
        let path = try longLog(events: 30_000)
        let harness = try await PlayerHarness(path: path, options: .init(speed: 1, startPaused: true))
        await harness.clock.waitUntilIdle(1)
        // Scattered positions, backwards and forwards, near snapshots and between them.
        for step in 1...12 {
            let fraction = Double(step * 7_919 % 1_000) / 1_000
            await harness.send(.jump(toFraction: fraction))
            let position = try #require(harness.outputs.lastStatus?.position)
            #expect(position == Int((fraction * 30_000).rounded()))
            #expect(harness.outputs.state == (try forwardState(path, count: position)), "at \(position)")
        }
        await harness.send(.jump(toFraction: 1))
        #expect(harness.outputs.state == (try forwardState(path, count: 30_000)))
        await harness.stop()
    }

    @Test("seeking by time, and to the previous and next stage boundary")
    func seekByTimeAndMarker() async throws {
        let events = (0..<6).map { index in
            index.isMultiple(of: 2)
                ? #"{"type":"stage_started","data":{"stage":"s\#(index)"}}"#
                : #"{"type":"progress_update","data":{"progress":0.\#(index)}}"#
        }
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 10, 20, 30, 40, 50], events: events),
                                              options: .init(startPaused: true))
        await harness.clock.waitUntilIdle(1)
        await harness.send(.seek(seconds: 25))
        #expect(harness.outputs.lastStatus?.position == 3)
        await harness.send(.seek(seconds: -15))
        #expect(harness.outputs.lastStatus?.position == 2)
        await harness.send(.seek(seconds: 0.5))
        #expect(harness.outputs.lastStatus?.position == 2)
        await harness.send(.nextMarker)
        #expect(harness.outputs.lastStatus?.position == 4)
        await harness.send(.previousMarker)
        #expect(harness.outputs.lastStatus?.position == 2)
        await harness.send(.jump(toFraction: 0))
        #expect(harness.outputs.lastStatus?.position == 0)
        #expect(harness.outputs.state == AnalysisState())
        await harness.stop()
    }

    @Test("--loop starts again at the end, from an empty state")
    func loop() async throws {
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 1, 2]), options: .init(speed: 0, loop: true)) {
            $0.events.count >= 9
        }
        await harness.task.value
        let messages = harness.outputs.events.map(\.message)
        #expect(messages == Array(repeating: ["event 0", "event 1", "event 2"], count: 3).flatMap { $0 })
        // Each new round starts from the empty state, announced before its first event.
        let rounds = harness.outputs.all.compactMap { element -> AnalysisState? in
            if case .snapshot(let state, _) = element { state } else { nil }
        }
        #expect(rounds == [AnalysisState(), AnalysisState()])
        #expect(harness.outputs.state.eventCounts.total == 3)
    }

    @Test("commands sent one after another are applied in the order sent")
    func commandOrder() async throws {
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 1, 2, 3, 4]), options: .init(startPaused: true))
        await harness.clock.waitUntilIdle(1)
        let idles = harness.clock.idles
        // Sent in one burst, before the player wakes: the last one must win.
        for command: PlaybackCommand in [.faster, .faster, .normalSpeed, .slower, .jump(toFraction: 0.4), .step(1)] {
            harness.commands.send(command)
        }
        await harness.clock.waitUntilIdle(idles + 1)
        #expect(harness.outputs.lastStatus?.speed == 0.5)
        #expect(harness.outputs.lastStatus?.position == 3)
        await harness.stop()
    }

    @Test("a pipe is read once: nothing else opens it, so every event plays, and a seek says why it cannot")
    func pipePlaysOnce() async throws {
        let file = try longLog(events: 20_000)
        let pipe = try pipeOnce(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        let harness = try await PlayerHarness(path: pipe, options: .init(speed: 0), indexed: false) { outputs in
            outputs.lastStatus?.hasEnded == true
        }
        await harness.task.value
        #expect(harness.outputs.state == (try forwardState(file, count: .max)))
        #expect(harness.outputs.events.count == 20_000)

        let seeking = try await PlayerHarness(path: try pipeOnce(Array(try Data(contentsOf: URL(fileURLWithPath: file)))), options: .init(speed: 0, startPaused: true), indexed: false)
        await seeking.clock.waitUntilIdle(1)
        await seeking.send(.seek(seconds: 5))
        #expect(seeking.outputs.notices.contains { $0.hasPrefix("seeking needs a file") })
        await seeking.stop()
    }

    @Test("without holding at the end, the run returns once the log has played")
    func endsWithoutHolding() async throws {
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 1]), options: .init(speed: 0, holdsAtEnd: false))
        await harness.task.value
        #expect(harness.outputs.events.count == 2)
        #expect(harness.outputs.lastStatus?.hasEnded == true)
    }
}

@Suite("Replay player: a jump to a time")
struct ReplayJumpToTimeTests {
    @Test("a jump to a time of the events' clock lands on the last event at or before it, clamped to the log")
    func jumpToTime() async throws {
        let stamps = ["2024-01-01T00:00:00Z", "2024-01-01T00:00:10Z", "2024-01-01T00:00:20Z", "2024-01-01T00:00:30Z"]
        let events = stamps.map { #"{"type":"progress_update","timestamp":"\#($0)","data":{"progress":0.1}}"# }
        let harness = try await PlayerHarness(path: try recording(offsets: [0, 1, 2, 3], events: events), options: .init(startPaused: true))
        await harness.clock.waitUntilIdle(1)
        let start = try #require(Timestamp(iso8601: stamps[0])).seconds
        for (time, position) in [(start + 25, 3), (start + 10, 2), (start + 9.9, 1), (start - 100, 0), (start + 1_000, 4)] {
            await harness.send(.jumpToTime(time))
            #expect(harness.outputs.lastStatus?.position == position, "at \(time - start)s")
            #expect(harness.outputs.state.lastEventAt?.seconds == (position == 0 ? nil : start + Double(position - 1) * 10))
        }
        await harness.stop()
    }
}
