import Analysis
import Testing

@Suite("Text sanitiser")
struct TextSanitizerTests {
    @Test("hostile strings lose every control and escape sequence", arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("\u{1B}[2J\u{1B}[H home", " home"),
        ("\u{1B}]0;evil title\u{07}after", "after"),
        ("\u{1B}]8;;https://x\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"),
        ("\u{9B}1;31mC1 CSI", "C1 CSI"),
        ("\u{9D}osc\u{9C}rest", "rest"),
        ("bell\u{07}back\u{08}space\u{7F}", "bellbackspace"),
        ("tab\there\nnewline\r\n", "tab here newline  "),
        ("\u{202E}reversed\u{2066}isolate\u{2069}", "reversedisolate"),
        ("\u{1B}P+q\u{1B}\\dcs", "dcs"),
        ("unterminated \u{1B}]0;title", "unterminated "),
        ("\u{1B}(Bcharset", "charset"),
    ])
    func hostile(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
    }

    @Test("ordinary text, wide and combining characters pass unchanged", arguments: [
        "plain ASCII", "Ünïcödé", "日本語のテキスト", "emoji 🙂👍🏽 and ZWJ 👩‍💻", "e\u{301} combining", "",
    ])
    func benign(input: String) {
        #expect(TextSanitizer.clean(input) == input)
    }
}
