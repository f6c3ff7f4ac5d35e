/// Text from the stream made safe inside HTML and SVG, as element text or a quoted attribute.
enum HTMLText {
    static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// At most `length` characters, the last an ellipsis when it was longer: for labels in a
    /// drawing, which does not wrap.
    static func capped(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(max(0, length - 1))) + "…"
    }
}
