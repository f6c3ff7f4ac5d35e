import Hummingbird
import NIOCore

/// A request's context: Hummingbird's, and the client's address (for the rate limit and the log).
struct ServeRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client as the rate limit counts it: its IP address, without the port.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
