import CNcursesw
import Dashboard
import Foundation

/// Puts text on the clipboard of the terminal the user sits at, with OSC 52, when that
/// terminal is known to take it; says how it went, or how to make it work, as a notice.
///
/// A terminal that does not take OSC 52 ignores it silently, so streamtop writes it only where
/// it knows it lands: `STREAMTOP_CLIPBOARD=osc52` (or `off`) decides first; inside tmux only when
/// tmux's `set-clipboard` is `on` (its default, `external`, drops what applications send); else
/// when the terminal's terminfo entry has the `Ms` capability or it is a terminal known to take it.
public enum Clipboard {
    /// What may go: k9s caps its copies too, and terminals cap what they accept (xterm: 100 kB).
    static let maxBytes = 74_000

    public enum Support: Equatable, Sendable {
        case accepted
        /// Not known to take OSC 52; the text says what to do.
        case unknown(String)
    }

    static let knownTerminals = ["xterm-kitty", "alacritty", "foot", "wezterm", "ghostty", "contour"]
    static let knownPrograms = ["iTerm.app", "WezTerm", "ghostty", "vscode", "kitty"]

    /// Whether a copy can go, from what the environment, terminfo and tmux say.
    static func support(environment: [String: String], terminfoHasMs: Bool, tmuxSetClipboard: () -> String?) -> Support {
        switch environment["STREAMTOP_CLIPBOARD"] {
        case "osc52": return .accepted
        case "off": return .unknown("copying is off (STREAMTOP_CLIPBOARD=off)")
        default: break
        }
        if environment["TMUX"] != nil {
            guard tmuxSetClipboard() == "on" else {
                return .unknown("tmux drops copies from programs: set -g set-clipboard on (or STREAMTOP_CLIPBOARD=osc52)")
            }
            return .accepted
        }
        let term = environment["TERM", default: ""]
        if terminfoHasMs || knownTerminals.contains(where: term.hasPrefix) || knownPrograms.contains(environment["TERM_PROGRAM", default: ""]) {
            return .accepted
        }
        return .unknown("this terminal is not known to take OSC 52 copies; if it does, set STREAMTOP_CLIPBOARD=osc52")
    }

    /// The escape that asks the terminal to put `text` on its clipboard, cut to ``maxBytes``
    /// at a character boundary; base64 carries it, so no byte of the text reaches the terminal raw.
    static func sequence(for text: String) -> (bytes: [UInt8], isCut: Bool) {
        var utf8 = Array(text.utf8)
        let isCut = utf8.count > maxBytes
        if isCut {
            var end = maxBytes
            while end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 }
            utf8 = Array(utf8[..<end])
        }
        return (Array("\u{1B}]52;c;".utf8) + Array(Data(utf8).base64EncodedString().utf8) + [0x07], isCut)
    }

    /// Copies `text` (already sanitised by the dashboard) and says how it went. Called on the
    /// UI thread between frames, while curses is up: the escape goes straight to the terminal.
    public static func copy(_ text: String) -> Action {
        let environment = ProcessInfo.processInfo.environment
        let support = support(environment: environment, terminfoHasMs: cncursesw_has_clipboard() != 0, tmuxSetClipboard: askTmux)
        guard support == .accepted else {
            if case .unknown(let why) = support { return .notice("not copied: \(why)", isError: true) }
            return .notice("not copied", isError: true)
        }
        let (bytes, isCut) = sequence(for: text)
        let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        guard written == bytes.count else { return .notice("not copied: the terminal did not take it", isError: true) }
        let what = text.count > 40 ? "\(text.count) characters" : "“\(text)”"
        return .notice("copied \(what)" + (isCut ? ", cut to \(maxBytes / 1000) kB" : ""), isError: false)
    }

    /// tmux's `set-clipboard`, asked of the tmux the dashboard runs in.
    private static func askTmux() -> String? {
        let tmux = Process()
        tmux.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tmux.arguments = ["tmux", "show-options", "-gv", "set-clipboard"]
        let output = Pipe()
        tmux.standardOutput = output
        tmux.standardError = FileHandle.nullDevice
        do {
            try tmux.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        tmux.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
