import Analysis
import Foundation
import Hummingbird

/// One line per request on standard error, `<client> <method> <target> <status> <time>`,
/// written when the answer is done (for a stream, when it ends); and the time to the answer's
/// head, by endpoint, for the latency histogram.
struct RequestLog: RouterMiddleware {
    typealias Context = ServeRequestContext

    let metrics: ServeMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        // The target is the client's text: cleaned before it reaches a terminal.
        let line = "\(context.clientAddress) \(request.method.rawValue) \(TextSanitizer.clean(request.uri.description))"
        let endpoint = Endpoint(path: request.uri.path)
        do {
            var response = try await next(request, context)
            metrics.answered(endpoint, after: .now - start)
            let status = Int(response.status.code)
            guard response.body.contentLength == nil else {
                Self.write(line, status, since: start)
                return response
            }
            let body = response.body
            response.body = ResponseBody { writer in
                do {
                    try await body.write(writer)
                    Self.write(line, status, since: start, note: "stream ended")
                } catch {
                    Self.write(line, status, since: start, note: "stream broken off")
                    throw error
                }
            }
            return response
        } catch {
            metrics.answered(endpoint, after: .now - start)
            Self.write(line, Int((error as? any HTTPResponseError)?.status.code ?? 500), since: start)
            throw error
        }
    }

    private static func write(_ line: String, _ status: Int, since start: ContinuousClock.Instant, note: String? = nil) {
        let milliseconds = (ContinuousClock.now - start) / .milliseconds(1)
        let text = "\(line) \(status) \(String(format: "%.1f", milliseconds))ms" + (note.map { " (\($0))" } ?? "") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
