/// How a length of time reads, everywhere streamtop shows one: a stage's duration, a
/// heartbeat's age.
public enum DurationText {
    /// A measured duration: "850ms", "1.2s" (tenths, rounded down, under ten seconds), then as
    /// ``seconds(_:)``.
    public static func milliseconds(_ value: Double) -> String {
        let milliseconds = max(0, value.isFinite ? value : 0)
        if milliseconds < 1000 { return "\(Int(milliseconds))ms" }
        if milliseconds < 10_000 {
            let tenths = Int(milliseconds / 100)
            return "\(tenths / 10).\(tenths % 10)s"
        }
        return seconds(milliseconds / 1000)
    }

    /// Whole seconds, rounded down: "42s", "3m07s", "1h02m".
    public static func seconds(_ value: Double) -> String {
        let total = wholeSeconds(value)
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + twoDigits(total % 60) + "s" }
        return "\(total / 3600)h" + twoDigits(total / 60 % 60) + "m"
    }

    /// "00:01:23": a clock of hours, minutes and seconds, rounded down.
    public static func clock(_ value: Double) -> String {
        let total = wholeSeconds(value)
        return [total / 3600, total / 60 % 60, total % 60].map(twoDigits).joined(separator: ":")
    }

    /// A point on a time axis, counted from its start: "0s", "45s", then "1:00", "59:30", then
    /// "1:00:00", rounded down. An axis of steps under a second (`decimals` of a second) reads
    /// in milliseconds under a second, "250ms", then in seconds with those decimals, "1.25s".
    public static func axis(_ value: Double, decimals: Int = 0) -> String {
        if decimals > 0, value > 0, value < 60 {
            let unit = (0..<min(decimals, 3)).reduce(1) { unit, _ in unit * 10 }
            let scaled = Int((value * Double(unit)).rounded())
            if scaled < unit { return "\(scaled * 1000 / unit)ms" }
            let fraction = String(scaled % unit)
            return "\(scaled / unit)." + String(repeating: "0", count: String(unit).count - 1 - fraction.count) + fraction + "s"
        }
        let total = wholeSeconds(value)
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60):" + twoDigits(total % 60) }
        return "\(total / 3600):" + twoDigits(total / 60 % 60) + ":" + twoDigits(total % 60)
    }

    /// Rounded down, within 0…10^15 s: a server's `duration_ms` may be any number, and one past
    /// `Int.max` seconds would trap the conversion.
    private static func wholeSeconds(_ value: Double) -> Int {
        Int(min(max(0, value.isFinite ? value : 0), 1e15).rounded(.down))
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
