import OutputFormats

/// How numbers and times read on screen, where that is particular to the screen. Percentages
/// and durations follow the one rule of `OutputFormats` (`Percent`, `DurationText`).
enum Format {
    /// "5%" as `Percent` has it; padded, right-aligned in four columns: "  5%", "100%".
    static func percent(_ fraction: Double, padded: Bool = true) -> String {
        let text = Percent.text(fraction)
        return padded ? String(repeating: " ", count: max(0, 4 - text.count)) + text : text
    }

    /// A replay's position: "1:23.4" (tenths matter in short logs), "1:02:03" past an hour.
    static func playhead(_ value: Double) -> String {
        let total = max(0, value)
        if total >= 3600 { return DurationText.clock(total) }
        let tenths = Int((total * 10).rounded(.down))
        return "\(tenths / 600):" + twoDigits(tenths / 10 % 60) + ".\(tenths % 10)"
    }

    /// 1234567 → "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// "1 error", "3 errors".
    static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count(value)) " + (value == 1 ? noun : plural ?? noun + "s")
    }

    /// The host of a URL, for showing sources compactly.
    static func domain(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : String(host)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
