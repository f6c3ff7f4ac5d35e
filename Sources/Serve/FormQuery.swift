import Foundation

/// A query string read as an HTML form writes it (`application/x-www-form-urlencoded`): `+`
/// is a space, `%2B` a plus. Browsers' `URLSearchParams`, Python's `requests` and forms write
/// spaces as `+`, so `focus_area=spinal+implants` means "spinal implants".
struct FormQuery {
    private let pairs: [(name: String, value: String)]

    init(_ query: String) {
        pairs = query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// Every value given for `name`, in order.
    func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The first value given for `name`.
    func value(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// A malformed escape (`%zz`) is kept as it was written.
    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
