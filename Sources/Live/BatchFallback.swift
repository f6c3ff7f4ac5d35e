import Analysis
import EventStream
import Foundation
import JSON

/// The seed's graceful degradation: when streaming is unavailable, the final result comes
/// once from the non-streaming (batch) endpoint.
enum BatchFallback {
    /// The batch endpoint: the one given, else the fallback the server named (relative to the
    /// stream URL, keeping the stream's query when it has none), else the stream URL without
    /// its trailing `/stream`. Nil when there is none.
    static func url(given: String?, named: String?, stream: URL) -> URL? {
        if let given { return URL(string: given) }
        if let named, let url = URL(string: named, relativeTo: stream)?.absoluteURL {
            guard url.query == nil, let query = stream.query,
                  var components = URLComponents(url: url, resolvingAgainstBaseURL: true)
            else { return url }
            components.percentEncodedQuery = query
            return components.url
        }
        guard var components = URLComponents(url: stream, resolvingAgainstBaseURL: true),
              components.path.hasSuffix("/stream")
        else { return nil }
        components.path.removeLast("/stream".count)
        return components.url
    }

    /// The events in a batch answer, as wire events (so that they are decoded, and recorded,
    /// as streamed ones are): an event stream is parsed; a JSON array holds envelopes; an
    /// object with a `type` is one envelope; any other object is the final result itself,
    /// told as the events a stream would have carried (``BatchResult``) within `limits`.
    /// `leftOut` says what of a result did not fit them.
    static func events(
        body: [UInt8], contentType: String?, limits: AnalysisState.Limits = AnalysisState.Limits()
    ) throws(BatchError) -> (events: [SSEEvent], leftOut: String?) {
        if let contentType, ResponseVerdict.isEventStream(contentType) {
            var parser = SSEParser()
            var events: [SSEEvent] = []
            for case .event(let event, _) in parser.feed(body) { events.append(event) }
            return (events, nil)
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: String(decoding: body, as: UTF8.self))
        } catch {
            throw BatchError("its answer is not JSON (\(ResponseVerdict.bodyStart(body)))")
        }
        switch json {
        case .array(let envelopes):
            return (envelopes.map { SSEEvent(data: $0.serialized()) }, nil)
        case .object where json["type"]?.stringValue != nil:
            return ([SSEEvent(data: json.serialized())], nil)
        case .object(let result):
            let told = BatchResult(result, limits: limits)
            return (told.envelopes.map { SSEEvent(data: $0.serialized()) }, told.leftOut)
        default:
            throw BatchError("its answer is JSON but holds no result")
        }
    }
}

struct BatchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
