import Analysis

extension AnalysisState {
    /// The state as a Markdown report (``reportDocument(pipeline:generatedAt:)``), for `e` in
    /// the dashboard and `--report FILE`; its charts are Mermaid blocks, which GitHub and GitLab
    /// draw as pictures.
    public func markdownReport(pipeline: PipelineShape? = nil, generatedAt: Timestamp) -> String {
        reportDocument(pipeline: pipeline, generatedAt: generatedAt).markdown
    }
}

extension ReportDocument {
    /// Text is written as the stream sent it, but for what Markdown would read as structure:
    /// table cells escape `|` and `\`, link titles escape brackets, and a link's address
    /// encodes what would end it.
    public var markdown: String {
        var lines = ["# \(title)", ""]
        lines += preamble.map(Self.markdown).joined(separator: [""])
        for section in sections {
            lines += ["", "## \(section.title)", ""]
            lines += section.blocks.map(Self.markdown).joined(separator: [""])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func markdown(_ block: Block) -> [String] {
        switch block {
        case .paragraph(let line): [markdown(line)]
        case .list(let lines): lines.map { "- " + markdown($0) }
        case .table(let table):
            ["| " + table.columns.joined(separator: " | ") + " |", "|" + table.numeric.map { $0 ? "---:|" : "---|" }.joined()]
                + table.rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
        case .gantt(let chart): ["```mermaid"] + chart.mermaidGantt.split(separator: "\n").map(String.init) + ["```"]
        case .flowchart(let shape): ["```mermaid"] + shape.mermaidFlowchart.split(separator: "\n").map(String.init) + ["```"]
        }
    }

    private static func markdown(_ line: Line) -> String {
        line.map { span in
            switch span {
            case .text(let text): text
            case .code(let text): "`\(text)`"
            case .strong(let text): "**\(text)**"
            case .emphasis(let text): "_\(text)_"
            case .link(let title, let url):
                isWebAddress(url) ? "[\(linkText(title))](\(address(url)))" : "\(title) (\(url))"
            }
        }.joined()
    }

    private static func cell(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("|", with: "\\|")
    }

    private static func linkText(_ text: String) -> String {
        text.replacing("[", with: "\\[").replacing("]", with: "\\]")
    }

    private static func address(_ url: String) -> String {
        url.replacing(" ", with: "%20").replacing("(", with: "%28").replacing(")", with: "%29")
    }
}
