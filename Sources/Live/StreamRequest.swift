import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// What `connect` asks a server for: the stream's URL and the headers that every attempt
/// sends again (a reconnect adds `Last-Event-ID`).
public struct StreamRequest: Sendable {
    /// The environment variable a bearer token is read from. The token goes only into the
    /// `Authorization` header: never into output, logs or recordings.
    public static let tokenVariable = "STREAMTOP_TOKEN"

    public struct Header: Equatable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// A header written as `Name: value`, as `curl -H` takes it.
        public init(parsing text: String) throws(StreamRequestError) {
            guard let colon = text.firstIndex(of: ":") else {
                throw StreamRequestError("a header is written 'Name: value' (got \"\(text)\")")
            }
            let name = String(text[..<colon])
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
                throw StreamRequestError("\"\(name)\" is not a valid header name")
            }
            // A line break in a value would let it smuggle more headers into the request.
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw StreamRequestError("the value of header \(name) contains a line break")
            }
            self.init(name: name, value: value)
        }

        /// RFC 9110's `tchar`.
        private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }

    public let url: URL
    public var headers: [Header]
    public var bearerToken: String?

    public init(url text: String, headers: [Header] = [], bearerToken: String? = nil) throws(StreamRequestError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty
        else {
            throw StreamRequestError("\"\(text)\" is not an http:// or https:// URL")
        }
        self.url = url
        self.headers = headers
        self.bearerToken = bearerToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The seed's request, `BASE/api/analysis/stream?competitors=A&competitors=B&focus_area=X`,
    /// every value percent-encoded. A BASE that already names a `…/stream` path is kept as it is.
    public static func seedURL(base: String, competitors: [String], focusArea: String?) throws(StreamRequestError) -> String {
        guard !base.contains("?"), !base.contains("#") else {
            throw StreamRequestError("with --competitor or --focus-area, give the server's base URL without a query (got \"\(base)\")")
        }
        var path = base
        while path.hasSuffix("/") { path.removeLast() }
        if !path.hasSuffix("/stream") { path += "/api/analysis/stream" }
        let query = competitors.map { ("competitors", $0) } + (focusArea.map { [("focus_area", $0)] } ?? [])
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// Where a seed-style server describes its pipeline's graph, `BASE/api/graph` (which
    /// `streamtop serve` answers); nil for a BASE that names a `…/stream` path itself.
    public static func seedGraphURL(base: String) -> String? {
        var path = base
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.hasSuffix("/stream"), !path.contains("?"), !path.contains("#") else { return nil }
        return path + "/api/graph"
    }

    /// Every byte but RFC 3986's unreserved characters as `%XX`, so that `&`, `=`, `+`, `#`
    /// and spaces in a name reach the server as they were typed.
    static func percentEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// Header names whose values are secrets, whatever their case: they are taken out of
    /// anything the server sends back.
    public static let secretHeaders: Set<String> = ["authorization", "proxy-authorization", "x-api-key", "cookie", "api-key"]

    /// The bearer token and the values of secret headers.
    public var secrets: [String] {
        (bearerToken.map { [$0] } ?? []) + headers.filter { Self.secretHeaders.contains($0.name.lowercased()) }.flatMap { header in
            // "Bearer abc": the credential alone is the secret too.
            [header.value] + (header.value.split(separator: " ", maxSplits: 1).dropFirst().map(String.init))
        }
    }

    /// The URL as it may be shown and recorded: without any user name or password in it.
    public var displayURL: String { Self.display(url) }

    static func display(_ url: URL) -> String {
        guard url.user != nil || url.password != nil,
              var components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.string ?? url.absoluteString
    }

    /// The request for one attempt: the WHATWG EventSource headers, the user's, the token,
    /// and `Last-Event-ID` when there is one to resume from.
    func httpRequest(to url: URL? = nil, lastEventID: String = "", accept: String = "text/event-stream") -> HTTPClientRequest {
        var request = HTTPClientRequest(url: (url ?? self.url).absoluteString)
        request.method = .GET
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "Cache-Control", value: "no-cache")
        for header in headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        if let bearerToken { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(bearerToken)") }
        if !lastEventID.isEmpty { request.headers.replaceOrAdd(name: "Last-Event-ID", value: lastEventID) }
        return request
    }
}

public struct StreamRequestError: Error, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
