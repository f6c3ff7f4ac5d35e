import Analysis
import ArgumentParser
import Feeds
import Foundation
import Synchronization

/// `--record FILE [--force]`, shared by every command that shows a stream.
struct RecordOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Record the session to FILE in streamtop's recording format, an entry per event as it arrives.", valueName: "file"))
    var record: String?

    @Flag(help: "Let --record overwrite an existing file.")
    var force = false

    /// Where the session's items go; a sink that records nothing when --record is not given.
    func open(source: String, startedAt: Timestamp) throws -> RecordingSink {
        guard let record else { return RecordingSink(recorder: nil) }
        do {
            return RecordingSink(recorder: try Recorder(path: record, header: Recording.Header(source: source, startedAt: startedAt), force: force))
        } catch {
            throw RunFailure(error.description)
        }
    }

    /// For `replay`: the log, whole, in the recording format, before it is shown (so that seeks
    /// and loops in the dashboard record nothing twice). Each event keeps its wire form and,
    /// from a recording, its offset.
    func copy(log path: String) throws {
        guard record != nil else { return }
        guard path != "-" else { throw RunFailure("--record copies the log before showing it, so it needs a file, not standard input") }
        let reader: LogReader
        do {
            reader = try LogReader(path: path)
        } catch {
            throw RunFailure(error.description)
        }
        let startedAt = reader.header?.startedAt ?? Timestamp(seconds: Date().timeIntervalSince1970)
        let recording = try open(source: reader.header?.source ?? path, startedAt: startedAt)
        do {
            try reader.forEach { recording.record($0) }
        } catch {
            throw RunFailure(error.description)
        }
        try recording.finish()
    }
}

/// A recorder that a show loop (or a dashboard's feed task) can call without handling errors
/// at every event: the first failure (a full disk, say) stops recording, and ``finish()``
/// reports it.
final class RecordingSink: Sendable {
    private struct State {
        var recorder: Recorder?
        var failure: String?
    }

    private let state: Mutex<State>

    init(recorder: sending Recorder?) {
        state = Mutex(State(recorder: recorder))
    }

    func record(_ item: ReplayItem) {
        state.withLock { state in
            do {
                try state.recorder?.record(item)
            } catch {
                state.failure = "\(error)"
                state.recorder = nil
            }
        }
    }

    func finish() throws {
        if let failure = state.withLock({ $0.failure }) { throw RunFailure("recording stopped: \(failure)") }
    }
}
