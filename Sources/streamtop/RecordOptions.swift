import ArgumentParser
import Feeds
import Foundation
import Replay

/// `--record FILE [--force]`, shared by every command that shows a stream.
struct RecordOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Record the session to FILE in streamtop's recording format, an entry per event as it arrives.", valueName: "file"))
    var record: String?

    @Flag(help: "Let --record overwrite an existing file.")
    var force = false

    /// Runs `show` on the feed, recorded on its way when --record asks for it; a recording that
    /// stopped early (a full disk) fails the command once the feed has been shown.
    func recording(_ feed: any Feed, _ show: (any Feed) async throws -> Void) async throws {
        guard let record else {
            try await show(feed)
            return
        }
        let recorder: Recorder
        do {
            recorder = try Recorder(path: record, header: Recording.Header(source: feed.source, startedAt: feed.startedAt), force: force)
        } catch {
            throw RunFailure(error.description)
        }
        let recorded = RecordingFeed(feed, recorder: recorder)
        try await show(recorded)
        if let failure = recorded.failure { throw RunFailure("recording stopped: \(failure)") }
    }

    /// For `replay`: the log, whole, in the recording format, before it is shown (so that seeks
    /// and loops in the dashboard record nothing twice). Each event keeps its wire form and,
    /// from a recording, its offset and the recording's source and start.
    func copy(log path: String) async throws {
        guard record != nil else { return }
        // Refused before anything is read: a pipe would be drained into the copy, and standard
        // input on a terminal would wait for typing. A missing file is left to open, which names it.
        if path == "-" || FileManager.default.fileExists(atPath: path), !InputFile.canBeReadAgain(path: path) {
            throw RunFailure("--record copies the log before showing it, so it needs a file, not standard input or a pipe")
        }
        try await recording(try LogFeed.open(path)) { feed in
            for await element in feed.elements() {
                if case .end(.failed(let reason)) = element { throw RunFailure(reason) }
            }
        }
    }
}

extension LogFeed {
    /// The log at `path`, or the reason it cannot be read, as the command's failure.
    static func open(_ path: String) throws -> LogFeed {
        do {
            return try LogFeed(path: path, now: Date().timeIntervalSince1970)
        } catch {
            throw RunFailure(error.description)
        }
    }
}
