import Analysis
import Feeds
import Foundation
import Live
import NIOSSL
import Testing
import TestSupport

/// HTTPS against a loopback server whose certificate no authority signed: refused, with a
/// clear reason and no retry, unless --insecure says otherwise.
@Suite("TLS certificates")
struct TLSTests {
    /// A fresh self-signed certificate for 127.0.0.1, made with openssl for this test.
    private func selfSignedContext() throws -> NIOSSLContext {
        let directory = temporaryPath("tls")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = directory + "/key.pem"
        let certificate = directory + "/cert.pem"
        let openssl = try ChildProcess.runBlocking([
            "/usr/bin/env", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ])
        guard openssl.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        )
        return try NIOSSLContext(configuration: configuration)
    }

    @Test("a certificate that does not verify fails at once with its reason, and is not retried")
    func untrustedCertificate() async throws {
        let run = TestRun(count: 5)
        let server = try await TestServer(tls: try selfSignedContext()) { _, _ in .init(steps: [.send(run.sse(run.all))]) }
        defer { server.stop() }
        let waits = Waits()
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + "/stream", sleeps: waits)))
        guard case .failed(let reason) = record.last else {
            Issue.record("expected a failure, got \(record.statuses)")
            return
        }
        #expect(reason.contains("TLS"))
        #expect(!record.statuses.contains { if case .reconnecting = $0 { true } else { false } })
        #expect(waits.total == .zero)
        #expect(server.log.value.requests.isEmpty)
        #expect(record.state.eventCounts.total == 0)
    }

    @Test("--insecure is the one way past an untrusted certificate")
    func insecure() async throws {
        let run = TestRun(count: 5)
        let server = try await TestServer(tls: try selfSignedContext()) { _, _ in .init(steps: [.send(run.sse(run.all))]) }
        defer { server.stop() }
        var options = try testOptions(server.baseURL + "/stream")
        options.insecure = true
        let record = try await LiveTests.run(LiveFeed(options))
        #expect(record.state == run.expectedState([run.all]))
        #expect(record.last == .completed)
        let cli = try await ChildProcess.streamtop(["connect", server.baseURL + "/stream", "--summary", "json"])
        #expect(cli.status == 1)
        #expect(cli.stderr.contains("TLS"))
        #expect(cli.stderr.split(separator: "\n").filter { $0.contains("reconnecting") }.isEmpty)
    }
}
