import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why a connection could not be made or kept, as one line for the header, and whether
/// trying again can help.
struct ConnectionFailure: Error, Equatable {
    var reason: String
    /// False for failures that a retry cannot fix: a certificate that does not verify will
    /// not verify a second later.
    var retryable: Bool
    /// No bytes arrived within the idle timeout.
    var stalled = false

    init(reason: String, retryable: Bool, stalled: Bool = false) {
        self.reason = reason
        self.retryable = retryable
        self.stalled = stalled
    }

    /// `host`: as the URL names it, with its port if it has one.
    init(_ error: any Error, host: String) {
        switch error {
        case let error as HTTPClientError where error == .readTimeout:
            self.init(reason: "no data within the idle timeout", retryable: true, stalled: true)
        case let error as HTTPClientError where error == .connectTimeout:
            self.init(reason: "timed out connecting to \(host)", retryable: true)
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            self.init(reason: "the server closed the connection", retryable: true)
        case let error as HTTPClientError where error == .tlsHandshakeTimeout:
            self.init(reason: "TLS handshake with \(host) timed out", retryable: true)
        case let error as HTTPClientError:
            self.init(reason: "HTTP error: \(error)", retryable: true)
        case let error as NIOSSLError:
            if case .handshakeFailed(let cause) = error {
                // BoringSSL's own refusals (a certificate that does not verify, no common
                // protocol) will be the same next time; an EOF mid-handshake may not.
                var retryable = true
                if case .sslError = cause { retryable = false }
                self.init(reason: "TLS handshake with \(host) failed: \(Self.tlsReason(cause))", retryable: retryable)
            } else {
                self.init(reason: "TLS error: \(error)", retryable: true)
            }
        case let error as NIOSSLExtraError:
            self.init(reason: "TLS: \(error)", retryable: false)
        case let error as NIOConnectionError:
            if let dnsError = error.dnsAError ?? error.dnsAAAAError, error.connectionErrors.isEmpty {
                self.init(reason: "cannot resolve host \(host) (\(dnsError))", retryable: true)
            } else if let first = error.connectionErrors.first {
                self.init(reason: Self.socketReason(first.error, host: host), retryable: true)
            } else {
                self.init(reason: "cannot connect to \(host)", retryable: true)
            }
        default:
            self.init(reason: Self.socketReason(error, host: host), retryable: true)
        }
    }

    private static func socketReason(_ error: any Error, host: String) -> String {
        if let error = error as? IOError {
            if error.errnoCode == ECONNREFUSED { return "connection refused by \(host)" }
            return "cannot connect to \(host): \(String(cString: strerror(error.errnoCode)))"
        }
        if case ChannelError.connectTimeout = error { return "timed out connecting to \(host)" }
        return "connection to \(host) failed: \(error)"
    }

    /// BoringSSL's reasons (e.g. CERTIFICATE_VERIFY_FAILED) without its file and line noise.
    private static func tlsReason(_ error: BoringSSLError) -> String {
        guard case .sslError(let stack) = error else { return "\(error)" }
        let reasons = stack.map { "\($0)" }.map { text -> String in
            // "Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at …"
            let afterColons = text.split(separator: ":").dropFirst(5).first.map(String.init) ?? text
            return afterColons.split(separator: " ").first.map(String.init) ?? afterColons
        }
        return reasons.isEmpty ? "\(error)" : reasons.joined(separator: ", ")
    }
}
