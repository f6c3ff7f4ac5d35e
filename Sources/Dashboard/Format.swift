/// How numbers and times read on screen.
enum Format {
    /// "5%"; padded, right-aligned in four columns: "  5%", "100%".
    static func percent(_ fraction: Double, padded: Bool = true) -> String {
        let text = "\(Int((fraction * 100).rounded(.down)))%"
        return padded ? String(repeating: " ", count: max(0, 4 - text.count)) + text : text
    }

    static func duration(milliseconds: Double) -> String {
        milliseconds < 1000 ? "\(Int(milliseconds))ms" : seconds(milliseconds / 1000)
    }

    /// "42s", "3m07s", "1h02m".
    static func seconds(_ value: Double) -> String {
        let total = max(0, Int(value.rounded(.down)))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + twoDigits(total % 60) + "s" }
        return "\(total / 3600)h" + twoDigits(total / 60 % 60) + "m"
    }

    /// "00:01:23".
    static func clock(_ value: Double) -> String {
        let total = max(0, Int(value.rounded(.down)))
        return [total / 3600, total / 60 % 60, total % 60].map(twoDigits).joined(separator: ":")
    }

    /// A replay's position: "1:23.4" (tenths matter in short logs), "1:02:03" past an hour.
    static func playhead(_ value: Double) -> String {
        let total = max(0, value)
        if total >= 3600 { return clock(total) }
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
