import AsyncHTTPClient
import Foundation

/// The proxy for a URL from the usual environment variables, as curl reads them:
/// `http_proxy` for http (lower case only: a CGI server sets `HTTP_PROXY` from a request
/// header), `https_proxy`/`HTTPS_PROXY` for https, `all_proxy`/`ALL_PROXY` for either, and
/// `no_proxy`/`NO_PROXY` (comma-separated host suffixes, `*` for all) to bypass them.
/// Loopback hosts never go through a proxy: a proxy elsewhere cannot reach this machine's.
enum ProxySettings {
    static func proxy(for url: URL, environment: [String: String]) -> HTTPClient.Configuration.Proxy? {
        guard let host = url.host?.lowercased(), !isLoopback(host), !bypassed(host, environment) else { return nil }
        let names = url.scheme?.lowercased() == "https"
            ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
            : ["http_proxy", "all_proxy", "ALL_PROXY"]
        guard let value = names.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) else { return nil }
        return parse(value)
    }

    /// `http://user:password@host:port`, `socks5://host:port` or bare `host:port`.
    static func parse(_ value: String) -> HTTPClient.Configuration.Proxy? {
        guard let url = URL(string: value.contains("://") ? value : "http://" + value), let host = url.host,
              !host.isEmpty
        else { return nil }
        switch url.scheme?.lowercased() {
        case "socks5", "socks5h", "socks":
            return .socksServer(host: host, port: url.port ?? 1080)
        default:
            let authorization = url.user.map {
                HTTPClient.Authorization.basic(username: $0.removingPercentEncoding ?? $0,
                                               password: url.password?.removingPercentEncoding ?? "")
            }
            return .server(host: host, port: url.port ?? 80, authorization: authorization)
        }
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    private static func bypassed(_ host: String, _ environment: [String: String]) -> Bool {
        let list = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        for entry in list.split(separator: ",") {
            var pattern = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if pattern == "*" { return true }
            if let colon = pattern.lastIndex(of: ":"), !pattern.contains("]") { pattern = String(pattern[..<colon]) }
            while pattern.hasPrefix(".") || pattern.hasPrefix("*") { pattern.removeFirst() }
            if !pattern.isEmpty, host == pattern || host.hasSuffix("." + pattern) { return true }
        }
        return false
    }
}
