import Deployment
import Feeds

/// A LangGraph deployment's threads, watched: a page of them refreshed every
/// ``DeploymentOptions/refresh``, newest activity first, with the details of the rows shown,
/// the counts by status, and the progress of followed runs — the source of `streamtop runs`.
///
/// Pulled, as a feed is: each event is made when the reader asks for it. Commands
/// (``DeploymentCommand``) reach the iteration that is going, in the order sent, from any thread.
public final class DeploymentWatch: Sendable {
    public let options: DeploymentOptions
    private let commands = CommandInbox<DeploymentCommand>()

    public init(_ options: DeploymentOptions) {
        self.options = options
    }

    /// The events from the first refresh on, until the iteration ends.
    public func events() -> AsyncStream<DeploymentEvent> {
        let session = DeploymentSession(options: options, commands: commands)
        // The session goes with the stream, and closes what it opened as it goes.
        return AsyncStream(unfolding: { await session.next() })
    }

    public func send(_ command: DeploymentCommand) {
        commands.send(command)
    }
}
