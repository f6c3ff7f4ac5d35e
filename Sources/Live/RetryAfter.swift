import Analysis
import Foundation

/// HTTP's `Retry-After` header (RFC 9110 §10.2.3) in both its forms: a number of seconds, or
/// an HTTP-date. Recipients must accept all three date formats, so this does.
public enum RetryAfter {
    /// The wait the header asks for, given the current time in seconds since 1970; nil when
    /// the value is neither form. A date in the past means "now".
    public static func delay(_ value: String, now: Double) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Int(text).map { .seconds($0) } ?? .seconds(Int.max / 2)
        }
        guard let date = httpDate(text) else { return nil }
        return .milliseconds(Int64((max(0, date - now) * 1000).rounded()))
    }

    /// Seconds since 1970 for an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), an RFC 850
    /// date (`Sunday, 06-Nov-94 08:49:37 GMT`) or an asctime date (`Sun Nov  6 08:49:37 1994`).
    static func httpDate(_ text: String) -> Double? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let day: Int?, month: Int?, year: Int?, time: String
        switch words.count {
        case 4 where words[3] == "GMT" && words[1].contains("-"):
            // RFC 850: a two-digit year is the one within the last 50 years; rare enough now
            // that reading it as 19xx/20xx by the usual pivot is plenty.
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let twoDigit = Int(parts[2]) else { return nil }
            (day, month, year, time) = (Int(parts[0]), monthNumber(parts[1]), twoDigit < 70 ? 2000 + twoDigit : 1900 + twoDigit, words[2])
        case 5 where words[4] != "GMT":
            (day, month, year, time) = (Int(words[2]), monthNumber(words[1]), Int(words[4]), words[3])
        case 6 where words[5] == "GMT":
            (day, month, year, time) = (Int(words[1]), monthNumber(words[2]), Int(words[3]), words[4])
        default:
            return nil
        }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard let day, let month, let year, clock.count == 3 else { return nil }
        // Timestamp knows the calendar; hand it the same instant in ISO 8601.
        func pad(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        let iso = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(clock[0], 2)):\(pad(clock[1], 2)):\(pad(clock[2], 2))Z"
        return Timestamp(iso8601: iso)?.seconds
    }

    private static func monthNumber(_ name: String) -> Int? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return months.firstIndex(of: name).map { $0 + 1 }
    }
}
