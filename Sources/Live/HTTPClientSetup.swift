import AsyncHTTPClient
import Foundation
import NIOSSL

/// The HTTP client every live feed uses: certificates verified unless `insecure`, redirects
/// followed (5 at most, never in a cycle), 10 s to connect, `idleTimeout` for any byte, the
/// environment's proxy, and no retries of its own (the feeds have their own backoff, and must
/// say at once why a connection failed).
enum HTTPClientSetup {
    static func client(for url: URL, insecure: Bool, idleTimeout: Duration, environment: [String: String]) -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecure { tls.certificateVerification = .none }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(10), read: .nanoseconds(Int64(idleTimeout.seconds * 1e9))),
            proxy: ProxySettings.proxy(for: url, environment: environment)
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
