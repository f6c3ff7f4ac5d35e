import AsyncHTTPClient
import Foundation
import JSON
import NIOCore
import NIOHTTP1

/// The REST side of a LangGraph Server, as much as a feed needs: JSON in, JSON out, and a
/// failure that carries the server's `detail`.
struct LangGraphAPI: Sendable {
    let client: HTTPClient
    /// The server's base URL, with the user's headers.
    let server: StreamRequest
    /// Sent as `x-api-key`.
    let apiKey: String?

    init(client: HTTPClient, server: StreamRequest, apiKey: String?) {
        self.client = client
        self.server = server
        self.apiKey = apiKey
    }

    init(client: HTTPClient, options: LangGraphOptions) {
        self.init(client: client, server: options.server, apiKey: options.apiKey)
    }

    private static let bodyLimit = 8 << 20

    /// The URL of `path` (which starts with "/") below the server's base.
    func url(_ path: String) -> URL {
        var base = server.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + path) ?? server.url
    }

    /// A request to `path` with the user's headers and the API key.
    func request(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, accept: String = "application/json") -> HTTPClientRequest {
        var request = server.httpRequest(to: url(path), accept: accept)
        request.method = method
        request.headers.remove(name: "Cache-Control")
        if let key = apiKey { request.headers.replaceOrAdd(name: "x-api-key", value: key) }
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.serialized()))
        }
        return request
    }

    /// Sends a JSON request; the answer's JSON, or a failure naming the call and the server's
    /// `detail`.
    func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws(LangGraphFailure) -> JSONValue {
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(request(method, path, body: body), deadline: .now() + .seconds(30))
            bytes = try await response.body.collect(upTo: Self.bodyLimit)
        } catch {
            throw LangGraphFailure("\(method) \(path): \(ConnectionFailure(error, host: host).reason)", retryable: true)
        }
        let text = String(decoding: bytes.readableBytesView, as: UTF8.self)
        guard (200..<300).contains(response.status.code) else {
            throw LangGraphFailure(Self.describe(status: response.status, body: text), status: Int(response.status.code))
        }
        guard !text.isEmpty else { return .null }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw LangGraphFailure("\(method) \(path): the server's answer is not JSON")
        }
    }

    var host: String {
        (server.url.host ?? "the server") + (server.url.port.map { ":\($0)" } ?? "")
    }

    /// "HTTP 422 Unprocessable Entity: Invalid assistant: 'nope'": the server's `detail` when
    /// it gives one, else the start of its body.
    static func describe(status: HTTPResponseStatus, body: String) -> String {
        let detail = (try? JSONValue(parsing: body))?["detail"].flatMap { $0.stringValue ?? $0.serialized() }
        let shown = ResponseVerdict.bodyStart(Array((detail ?? body).utf8))
        return "HTTP \(status.code) \(status.reasonPhrase)" + (shown.isEmpty ? "" : ": \(shown)")
    }
}

/// A LangGraph call that failed, with why.
struct LangGraphFailure: Error, CustomStringConvertible {
    var description: String
    /// The HTTP status, when the server answered.
    var status: Int?
    /// A network failure, which a later attempt may not meet.
    var retryable: Bool

    init(_ description: String, status: Int? = nil, retryable: Bool = false) {
        self.description = description
        self.status = status
        self.retryable = retryable
    }
}
