import Foundation
@testable import Live
import Testing

@Suite("The request: URL building, headers, token, proxies")
struct StreamRequestTests {
    @Test("the seed's request, every value percent-encoded")
    func seedURL() throws {
        let url = try StreamRequest.seedURL(
            base: "http://host:8000/", competitors: ["Stryker Spine", "A&B=C+D", "Zürich #1"], focusArea: "spinal/implants?"
        )
        #expect(url == "http://host:8000/api/analysis/stream?competitors=Stryker%20Spine&competitors=A%26B%3DC%2BD"
            + "&competitors=Z%C3%BCrich%20%231&focus_area=spinal%2Fimplants%3F")
        #expect(try StreamRequest.seedURL(base: "https://h/prefix/api/analysis/stream", competitors: ["A"], focusArea: nil)
            == "https://h/prefix/api/analysis/stream?competitors=A")
        #expect(throws: StreamRequestError.self) { try StreamRequest.seedURL(base: "http://h/?x=1", competitors: ["A"], focusArea: nil) }
    }

    @Test("only http and https URLs")
    func schemes() {
        #expect(throws: StreamRequestError.self) { try StreamRequest(url: "ftp://host/stream") }
        #expect(throws: StreamRequestError.self) { try StreamRequest(url: "not a url") }
    }

    @Test("headers are written 'Name: value'; no line breaks, no bad names")
    func headerParsing() throws {
        #expect(try StreamRequest.Header(parsing: "X-Key:  a: b ") == .init(name: "X-Key", value: "a: b"))
        #expect(throws: StreamRequestError.self) { try StreamRequest.Header(parsing: "no colon") }
        #expect(throws: StreamRequestError.self) { try StreamRequest.Header(parsing: "Bad Name: x") }
        #expect(throws: StreamRequestError.self) { try StreamRequest.Header(parsing: "X: a\r\nInjected: b") }
    }

    @Test("the request: EventSource headers, the user's, the token, Last-Event-ID only when there is one")
    func request() throws {
        let stream = try StreamRequest(url: "http://h/s", headers: [.init(name: "Accept", value: "text/event-stream; v=2")], bearerToken: "t")
        let first = stream.httpRequest()
        #expect(first.headers["Accept"] == ["text/event-stream; v=2"])
        #expect(first.headers["Authorization"] == ["Bearer t"])
        #expect(first.headers["Cache-Control"] == ["no-cache"])
        #expect(first.headers["Last-Event-ID"].isEmpty)
        #expect(stream.httpRequest(lastEventID: "42").headers["Last-Event-ID"] == ["42"])
        #expect(try StreamRequest(url: "http://h/s", bearerToken: "").bearerToken == nil)
    }

    @Test("the URL shown and recorded has no credentials in it")
    func displayURL() throws {
        #expect(try StreamRequest(url: "https://user:pw@host:8443/s?a=1").displayURL == "https://host:8443/s?a=1")
    }

    @Test("proxies from the environment; no_proxy and loopback bypass them")
    func proxies() throws {
        let environment = ["http_proxy": "http://u:p@proxy:3128", "HTTPS_PROXY": "proxy2:8080", "no_proxy": "internal.example,.corp"]
        let http = ProxySettings.proxy(for: URL(string: "http://api.example/s")!, environment: environment)
        #expect(http?.host == "proxy" && http?.port == 3128 && http?.authorization == .basic(username: "u", password: "p"))
        #expect(ProxySettings.proxy(for: URL(string: "https://api.example/s")!, environment: environment)?.port == 8080)
        for bypassed in ["http://internal.example/s", "http://a.corp/s", "http://127.0.0.1:9/s", "http://localhost/s"] {
            #expect(ProxySettings.proxy(for: URL(string: bypassed)!, environment: environment) == nil, "\(bypassed)")
        }
        // Upper-case HTTP_PROXY is not trusted for http (CGI sets it from a request header).
        #expect(ProxySettings.proxy(for: URL(string: "http://api.example/s")!, environment: ["HTTP_PROXY": "evil:1"]) == nil)
    }
}
