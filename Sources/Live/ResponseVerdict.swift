import Analysis
import Foundation
import JSON

/// What a response's status, headers and (for errors) the start of its body mean for the
/// connect loop (`vectors/client-semantics.md`, and the issue's degradation rules).
enum ResponseVerdict: Equatable {
    /// 200 and `text/event-stream`: read it as SSE.
    case open
    /// 204: the server says stop; never reconnect.
    case stop
    /// Try again later: after `after` when the server said (`Retry-After`), else by backoff.
    case retry(reason: String, after: Duration?)
    /// A failure that retrying cannot fix.
    case fail(String)
    /// Streaming is unavailable: fetch the final result from the batch endpoint, at `batchURL`
    /// when the server named one.
    case fallback(reason: String, batchURL: String?)

    /// `now` reads an HTTP-date `Retry-After`; `body` is the start of the body (errors only).
    init(status: Int, reason: String, contentType: String?, retryAfter: String?, body: [UInt8], now: Double) {
        let statusText = "HTTP \(status)\(reason.isEmpty ? "" : " " + TextSanitizer.clean(reason))"
        switch status {
        case 200:
            guard let contentType, Self.isEventStream(contentType) else {
                let type = contentType.map { "\"\(TextSanitizer.clean($0))\"" } ?? "no Content-Type"
                self = .fallback(reason: "the server answered with \(type), not an event stream", batchURL: nil)
                return
            }
            self = .open
        case 204:
            self = .stop
        case 404, 405, 501:
            self = .fallback(reason: "\(statusText) on the stream path", batchURL: nil)
        case 503 where Self.namedFallback(body) != nil:
            self = .fallback(reason: "\(statusText): streaming is unavailable", batchURL: Self.namedFallback(body))
        case 429, 503:
            self = .retry(reason: statusText, after: retryAfter.flatMap { RetryAfter.delay($0, now: now) })
        case 408, 500...599:
            self = .retry(reason: statusText, after: nil)
        default:
            let start = Self.bodyStart(body)
            self = .fail(statusText + (start.isEmpty ? "" : ": " + start))
        }
    }

    /// The MIME essence is `text/event-stream`, compared without case; parameters are ignored.
    static func isEventStream(_ contentType: String) -> Bool {
        let essence = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return essence.trimmingCharacters(in: .whitespaces).lowercased() == "text/event-stream"
    }

    /// A JSON body that names where the batch endpoint is: `fallback`, `fallback_url` or
    /// `batch_url`, at the top level or inside `detail` (FastAPI's error wrapper).
    static func namedFallback(_ body: [UInt8]) -> String? {
        guard let json = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)) else { return nil }
        for object in [json, json["detail"]].compactMap({ $0 }) {
            for key in ["fallback", "fallback_url", "batch_url"] {
                if let url = object[key]?.stringValue, !url.isEmpty { return url }
            }
        }
        return nil
    }

    /// The first 200 characters of a body, on one line, safe to show.
    static func bodyStart(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(800), as: UTF8.self)
        let oneLine = TextSanitizer.clean(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return oneLine.count > 200 ? String(oneLine.prefix(200)) + "…" : oneLine
    }
}
