import Analysis

extension AnalysisState {
    /// The state as one self-contained HTML page (``reportDocument(pipeline:generatedAt:)``),
    /// for `--report FILE.html`: its charts are inline SVG, its style is in the page, and its
    /// policy lets it load nothing, so that it reads the same offline, anywhere.
    public func htmlReport(pipeline: PipelineShape? = nil, generatedAt: Timestamp) -> String {
        reportDocument(pipeline: pipeline, generatedAt: generatedAt).html
    }
}

extension ReportDocument {
    /// Every text is escaped; only ``isWebAddress(_:)`` addresses become links.
    public var html: String {
        var parts = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(HTMLText.escaped(title))</title>",
            "<style>\(Self.style)</style>",
            "</head>",
            "<body>",
            "<h1>\(HTMLText.escaped(title))</h1>",
        ]
        parts += preamble.map(Self.html)
        for section in sections {
            parts.append("<section>")
            parts.append("<h2>\(HTMLText.escaped(section.title))</h2>")
            parts += section.blocks.map(Self.html)
            parts.append("</section>")
        }
        parts += ["</body>", "</html>"]
        return parts.joined(separator: "\n") + "\n"
    }

    private static func html(_ block: Block) -> String {
        switch block {
        case .paragraph(let line):
            return "<p>\(html(line))</p>"
        case .list(let lines):
            return "<ul>\n" + lines.map { "<li>\(html($0))</li>\n" }.joined() + "</ul>"
        case .table(let table):
            func cell(_ tag: String, _ text: String, _ column: Int) -> String {
                let numeric = table.numeric.indices.contains(column) && table.numeric[column]
                return "<\(tag)\(numeric ? " class=\"number\"" : "")>\(HTMLText.escaped(text))</\(tag)>"
            }
            let header = "<tr>" + table.columns.enumerated().map { cell("th", $1, $0) }.joined() + "</tr>"
            let rows = table.rows.map { row in "<tr>" + row.enumerated().map { cell("td", $1, $0) }.joined() + "</tr>\n" }.joined()
            return "<table>\n<thead>\(header)</thead>\n<tbody>\n\(rows)</tbody>\n</table>"
        case .gantt(let chart):
            return "<figure>\n\(chart.svg)\n<figcaption>Stage runs over time</figcaption>\n</figure>"
        case .flowchart(let shape):
            return "<figure>\n\(shape.svg)\n<figcaption>The pipeline</figcaption>\n</figure>"
        }
    }

    private static func html(_ line: Line) -> String {
        line.map { span in
            switch span {
            case .text(let text): HTMLText.escaped(text)
            case .code(let text): "<code>\(HTMLText.escaped(text))</code>"
            case .strong(let text): "<strong>\(HTMLText.escaped(text))</strong>"
            case .emphasis(let text): "<em>\(HTMLText.escaped(text))</em>"
            case .link(let title, let url):
                isWebAddress(url)
                    ? "<a href=\"\(HTMLText.escaped(url))\" rel=\"noreferrer\">\(HTMLText.escaped(title))</a>"
                    : "\(HTMLText.escaped(title)) (\(HTMLText.escaped(url)))"
            }
        }.joined()
    }

    private static let style = """
        body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}\
        table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}\
        .number{text-align:right}code{font-size:90%}figure{margin:1rem 0;overflow-x:auto}\
        figcaption{color:#666;font-size:85%}svg text{font:12px system-ui,sans-serif;fill:#1d1d1f}\
        svg .section{font-weight:bold}svg .axis{fill:#666;text-anchor:middle}svg .tick{stroke:#e4e4e4}\
        svg rect.done{fill:#4c9a6a}svg rect.active{fill:#3b7dd8}svg rect.failed{fill:#d0453a}\
        svg rect.interrupted{fill:#c98a1b}svg rect.pending{fill:#999}svg .failed-mark{fill:#d0453a}\
        svg .node rect{fill:#eef0ff;stroke:#6c6fc4}svg .node.terminal rect{fill:#fff}\
        svg .node text{text-anchor:middle}svg .edge{fill:none;stroke:#555}svg marker path{fill:#555}
        """
}
