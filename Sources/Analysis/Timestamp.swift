/// A point in time, as seconds since 1970 (UTC). Whatever zone and precision a server wrote,
/// it is shown normalised: ISO 8601 in UTC with microseconds (see ``text``). Keeping only the
/// number spares a string per event on the hot path.
public struct Timestamp: Equatable, Comparable, Sendable {
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    /// ISO 8601 in UTC with microseconds, e.g. `2024-01-01T12:00:00.000000Z`.
    public var text: String { Self.iso8601(seconds) }

    /// ISO 8601 / RFC 3339 as servers write it: `2024-01-01T12:00:00Z`, fractions of any
    /// length, `+00:00` or `+0000` offsets, a space instead of `T`, and no zone at all
    /// (Python's `utcnow().isoformat()`), read as UTC.
    public init?(iso8601 text: String) {
        var text = text
        guard let seconds = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.init(seconds: seconds)
    }

    /// The same, read from UTF-8 bytes without making a String (the decoder's every event).
    public init?(iso8601 bytes: UnsafeBufferPointer<UInt8>) {
        guard let seconds = Self.parse(bytes) else { return nil }
        self.init(seconds: seconds)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.seconds < rhs.seconds
    }

    /// The date and time are read at their fixed places (`YYYY-MM-DD?HH:MM:SS`), digit by digit
    /// without a loop: every event has a timestamp, and this is most of what reading one costs.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count >= 19 else { return nil }
        func digit(_ at: Int) -> Int? {
            let value = bytes[at] &- UInt8(ascii: "0")
            return value < 10 ? Int(value) : nil
        }
        func two(_ at: Int) -> Int? {
            guard let tens = digit(at), let ones = digit(at + 1) else { return nil }
            return tens * 10 + ones
        }
        let separator = bytes[10]
        guard let century = two(0), let yearOfCentury = two(2), bytes[4] == UInt8(ascii: "-"), let month = two(5),
              bytes[7] == UInt8(ascii: "-"), let day = two(8),
              separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
              let hour = two(11), bytes[13] == UInt8(ascii: ":"), let minute = two(14), bytes[16] == UInt8(ascii: ":"),
              let second = two(17),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            // Summed as an integer and divided once: a division per digit was most of the cost.
            // Digits past the fifteenth are below what the seconds since 1970 can hold anyway.
            let start = index
            var value = 0
            var scale = 1.0
            while index < bytes.count, let digit = digit(index) {
                if index - start < 15 {
                    value = value * 10 + digit
                    scale *= 10
                }
                index += 1
            }
            if index == start { return nil }
            fraction = Double(value) / scale
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let zone = bytes[index]
            if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
                index += 1
            } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
                // ±HH:MM or ±HHMM
                index += 1
                guard index + 2 <= bytes.count, let hours = two(index) else { return nil }
                index += 2
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                guard index + 2 <= bytes.count, let minutes = two(index) else { return nil }
                index += 2
                offsetSeconds = (zone == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            }
            guard index == bytes.count else { return nil }
        }
        let days = daysFromCivil(year: century * 100 + yearOfCentury, month: month, day: day)
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Double(whole) + fraction
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The years 0000…9999, what the format can write: a time from the stream may be any number
    /// (and one past about ±9.2·10^12 s would trap the conversion to microseconds).
    static let writable = -62_167_219_200.0...253_402_300_799.0

    private static func iso8601(_ seconds: Double) -> String {
        let seconds = min(max(seconds.isFinite ? seconds : 0, writable.lowerBound), writable.upperBound)
        let microseconds = Int64((seconds * 1_000_000).rounded())
        let whole = Int(microseconds.quotientAndRemainder(dividingBy: 1_000_000).quotient)
            - (microseconds < 0 && microseconds % 1_000_000 != 0 ? 1 : 0)
        let fraction = Int(microseconds - Int64(whole) * 1_000_000)
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let secondOfDay = whole - days * 86_400
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))Z"
    }
}
