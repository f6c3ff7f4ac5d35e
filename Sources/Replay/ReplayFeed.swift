import Analysis
import Feeds

/// A log played as a video player plays it (see ``ReplayPlayer``): at the recorded pace,
/// paused, stepped, sped up, sought and looped by ``FeedCommand/playback(_:)`` commands.
public final class ReplayFeed: Feed {
    public let source: String
    public let startedAt: Timestamp
    private let player: ReplayPlayer<ContinuousClock>
    private let commands = CommandInbox<PlaybackCommand>()

    public init(path: String, options: ReplayPlayer<ContinuousClock>.Options) throws(InputError) {
        player = try ReplayPlayer(path: path, options: options, clock: ContinuousClock(), commands: commands)
        source = player.header?.source ?? path
        startedAt = player.header?.startedAt ?? Timestamp(seconds: 0)
    }

    /// Plays once: a second iteration would go on where the first stopped.
    public func elements() -> FeedElements {
        FeedElements { [player] buffer in
            await player.run { await buffer.send($0) }
            await buffer.send(.end(.finished))
        }
    }

    public func send(_ command: FeedCommand) {
        if case .playback(let command) = command { commands.send(command) }
    }
}
