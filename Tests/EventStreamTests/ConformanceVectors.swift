import Foundation
import Testing
import TestSupport

/// A case of `Fixtures/vectors/sse-conformance.json` (see that folder's README for the fields).
struct ConformanceVector: Decodable, CustomTestStringConvertible, Sendable {
    struct Expected: Decodable, Equatable, Sendable {
        var type: String
        var data: String
        var last_event_id: String
    }

    var name: String
    var input: String
    var input_base64: String?
    var chunks: [Int]?
    var expected: [Expected]
    var expected_retry_ms: Int?
    var expected_last_event_id: String

    var bytes: [UInt8] {
        if let base64 = input_base64, let data = Data(base64Encoded: base64) { return Array(data) }
        return Array(input.utf8)
    }

    var testDescription: String { name }

    static let all: [ConformanceVector] = {
        let url = fixtureURL("vectors/sse-conformance.json")
        do {
            return try JSONDecoder().decode([ConformanceVector].self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read the conformance vectors at \(url.path): \(error)")
        }
    }()
}
