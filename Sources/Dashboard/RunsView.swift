import Analysis
import Deployment
import OutputFormats

/// Draws the list of a deployment's threads: two header rows (the deployment's counts by
/// status; the page, the filters, and whether the rows are stale), the column titles, one row
/// a thread, and the footer. Only the rows on screen are drawn, however long the page.
public enum RunsView {
    /// Rows that are not the table's: two header rows, the column titles, the footer.
    static let chromeHeight = 4
    static let minimumSize = Size(width: 40, height: 6)

    public static func render(_ state: RunsState, size: Size) -> Grid {
        let glyphs = Glyphs.forOptions(state.options)
        var grid = Grid(size: size, ellipsis: glyphs.ellipsis)
        guard size.width >= minimumSize.width, size.height >= minimumSize.height else {
            let message = "Too small: \(size.width)×\(size.height), need \(minimumSize.width)×\(minimumSize.height)"
            grid.write(message, x: 0, y: 0, limit: size.width, style: .warning)
            return grid
        }
        drawHeader(state, width: size.width, grid: &grid, glyphs: glyphs)
        let columns = Columns(width: size.width)
        columns.drawTitles(y: 2, grid: &grid)
        let height = size.height - chromeHeight
        if state.rows.isEmpty {
            let empty = switch (state.snapshot, state.filter.isEmpty) {
            case (nil, _): state.stale == nil ? "asking \(state.host) for its threads…" : "no threads: the server has not answered yet"
            case (let snapshot?, true):
                snapshot.matching == 0 ? (state.query.statuses.isEmpty && state.query.assistant == nil ? "no threads" : "no threads match the filters")
                    : "no threads on this page"
            case (_, false): "no thread on this page matches \"\(state.filter)\""
            }
            grid.write("  " + empty, x: 0, y: 3, limit: size.width, style: .dim)
        }
        let today = Timestamp(seconds: state.now).text.utf8.prefix(10)
        for (line, index) in (state.offset..<min(state.rows.count, state.offset + height)).enumerated() {
            let y = 3 + line
            columns.draw(state.rows[index], y: y, now: state.now, today: today, glyphs: glyphs, grid: &grid)
            if index == state.selection {
                grid.paint(Rect(x: 0, y: y, width: size.width, height: 1), style: .selection)
            } else if state.stale != nil {
                // Rows the server could not confirm read as old.
                grid.paint(Rect(x: 0, y: y, width: size.width, height: 1), style: .dim)
            }
        }
        drawFooter(state, y: size.height - 1, width: size.width, grid: &grid)
        if state.showHelp {
            HelpOverlay.draw(RunsKeymap.bindings.map { ($0.label, $0.help) }, in: Rect(size), grid: &grid, glyphs: glyphs)
        }
        return grid
    }

    /// The texts on screen that move with the clock: the durations of the runs shown that go,
    /// and the age of stale rows. A tick redraws only when they change.
    static func timeTexts(_ state: RunsState) -> [String] {
        let end = min(state.rows.count, state.offset + max(0, state.size.height - chromeHeight))
        var texts = state.offset < end
            ? state.rows[state.offset..<end].filter { $0.run?.isGoing == true }.map { duration(of: $0, now: state.now) } : []
        if let stale = state.stale { texts.append(DurationText.seconds(state.now - stale.since)) }
        return texts
    }

    // MARK: - Header

    private static func drawHeader(_ state: RunsState, width: Int, grid: inout Grid, glyphs: Glyphs) {
        let separator = Span(" \(glyphs.separator) ", .dim)
        var left = [Span(" streamtop ", Style(.title, bold: true, reverse: true)), Span(" "), Span("RUNS \(state.host)", Style(.accent, bold: true))]
        if let graph = state.query.assistant { left += [separator, Span(graph, .accent)] }
        var right: [Span] = []
        if let snapshot = state.snapshot {
            for status in ThreadStatus.allCases {
                right += [Span("\(status.rawValue) "), Span(Format.count(snapshot.deployment[status] ?? 0), statusStyle(status)), separator]
            }
            right += [Span("\(Format.count(snapshot.total)) threads "), Span(" ")]
        }
        let rightWidth = right.reduce(0) { $0 + TextWidth.of($1.text) }
        grid.write(left, x: 0, y: 0, limit: max(0, width - rightWidth - 1))
        let start = max(0, width - rightWidth)
        grid.write(right, x: start, y: 0, limit: width - start)

        var second: [Span] = [Span(" ")]
        if let snapshot = state.snapshot {
            if snapshot.rows.isEmpty {
                second.append(Span(snapshot.matching == 0 ? "no threads" : "no threads on this page of \(Format.count(snapshot.matching))"))
            } else {
                let (first, last) = (snapshot.query.offset + 1, snapshot.query.offset + snapshot.rows.count)
                let pages = max(1, (snapshot.matching + snapshot.query.limit - 1) / snapshot.query.limit)
                let range = first == last ? "thread \(Format.count(first))" : "threads \(Format.count(first))–\(Format.count(last))"
                second.append(Span("\(range) of \(Format.count(snapshot.matching))"))
                second.append(Span(" (page \(snapshot.query.offset / snapshot.query.limit + 1)/\(pages))", .dim))
            }
        }
        second += [separator, Span("status ", .dim), Span(state.query.statusLabel, .accent)]
        if !state.filter.isEmpty {
            second += [separator, Span("filter ", .dim), Span("\"\(state.filter)\"", .accent), Span(" \(Format.count(state.rows.count)) shown", .dim)]
        }
        if state.follows {
            let followed = state.snapshot?.rows.filter { $0.progress != nil }.count ?? 0
            second += [separator, Span("following \(followed)", .dim)]
        }
        if state.snapshot?.query != state.query { second += [separator, Span("loading…", .dim)] }
        if let stale = state.stale {
            second += [separator, Span("\(glyphs.failed) stale \(DurationText.seconds(state.now - stale.since)): \(stale.reason)", .error)]
        }
        grid.write(second, x: 0, y: 1, limit: width)
    }

    // MARK: - Footer

    private static func drawFooter(_ state: RunsState, y: Int, width: Int, grid: inout Grid) {
        let prompt: (String, String)? = switch state.input {
        case .keys: nil
        case .filter: (" filter: ", state.filter)
        case .answer: (" answer: ", state.typed)
        case .newAssistant: (" new run of assistant: ", state.typed)
        case .newInput(let assistant): (" input for \(assistant) (JSON): ", state.typed)
        }
        if let (label, typed) = prompt {
            var spans = [Span(label, Style(.accent, bold: true)), Span(typed + "_")]
            if case .answer(let thread) = state.input, let asks = state.rows.first(where: { $0.threadID == thread })?.interrupts.first {
                spans.append(Span("   it asks \(asks.value)", .dim))
            }
            spans.append(Span("   Enter \(state.input == .filter ? "keep" : "send") · Esc \(state.input == .filter ? "clear" : "cancel")", .dim))
            grid.write(spans, x: 0, y: y, limit: width)
            return
        }
        if let confirmation = state.cancelConfirmation {
            grid.write([Span(" press c again to cancel run \(ShortID.of(confirmation.run))", .warning), Span("   any other key keeps it going", .dim)],
                       x: 0, y: y, limit: width)
            return
        }
        if let notice = state.notice {
            grid.write(" " + notice.text, x: 0, y: y, limit: width, style: notice.isError ? .error : .ok)
            return
        }
        var hints = [("q", "quit")]
        if let row = state.selectedRow {
            hints += [("↑↓", "select"), ("Enter", "open")]
            if row.waitsForAnswer { hints.append(("a", "answer")) }
            if row.run?.isGoing == true { hints.append(("c", "cancel")) }
        }
        hints += [("n", "new run"), ("/", "filter"), ("s", "status"), ("[ ]", "page"), ("?", "help")]
        grid.write(hints.flatMap { [Span(" \($0.0) ", Style(.accent, bold: true)), Span($0.1 + " ", .dim)] }, x: 0, y: y, limit: width)
    }

    // MARK: - Rows

    static func statusStyle(_ status: ThreadStatus?) -> Style {
        switch status {
        case .idle: .ok
        case .busy: Style(.accent, bold: true)
        case .interrupted: .warning
        case .error: .error
        case nil: .dim
        }
    }

    static func runStyle(_ status: String) -> Style {
        switch status {
        case "success": .ok
        case "error", "timeout": .error
        case "interrupted": .warning
        case "pending", "running": .accent
        default: .dim
        }
    }

    static func duration(of row: ThreadRow, now: Double) -> String {
        row.run?.duration(now: now).map { DurationText.milliseconds($0 * 1000) } ?? ""
    }

    /// "13:34:00" on the day `today` names (UTC, "2026-12-01"), "11-30 13:34" before.
    static func started(_ time: Timestamp?, today: Substring.UTF8View) -> String {
        guard let text = time?.text else { return "" }
        let utf8 = Array(text.utf8)
        guard utf8.count >= 19 else { return text }
        func slice(_ range: Range<Int>) -> String { String(decoding: utf8[range], as: UTF8.self) }
        return utf8.prefix(10).elementsEqual(today) ? slice(11..<19) : slice(5..<10) + " " + slice(11..<16)
    }

    /// The table's columns at a width: fixed ones, and the node's, which takes what is left.
    /// Each cell is written at its column, cut one short of the next.
    struct Columns {
        static let fixed: [(title: String, width: Int)] = [
            ("", 2), ("THREAD", 9), ("ASSISTANT", 13), ("STATUS", 12), ("RUN", 12), ("STARTED", 12), ("TOOK", 7),
        ]
        static let nodeX = fixed.reduce(0) { $0 + $1.width }
        let width: Int

        func drawTitles(y: Int, grid: inout Grid) {
            write(Self.fixed.map { ($0.title, Style(.dim, bold: true)) }, node: [Span("NODE", Style(.dim, bold: true))], y: y, grid: &grid)
        }

        func draw(_ row: ThreadRow, y: Int, now: Double, today: Substring.UTF8View, glyphs: Glyphs, grid: inout Grid) {
            let waits = row.waitsForAnswer
            var node: [Span]
            if let progress = row.progress {
                let rate = "\(Int(progress.eventsPerSecond.rounded()))/s"
                let done = progress.fraction.map { " " + Percent.text($0) } ?? ""
                node = [Span(progress.node ?? row.place?.label ?? "", .accent), Span(" \(rate)\(done)", .dim)]
            } else {
                switch row.place {
                case .inside: node = [Span(row.place?.label ?? "", waits ? .warning : row.status == .error ? .error : .accent)]
                case .endedIn(let last): node = [Span("\(glyphs.done) \(last)", .dim)]
                case nil: node = []
                }
            }
            write([
                (waits ? glyphs.interrupted : "", .warning),
                (ShortID.of(row.threadID), .normal),
                (row.assistant ?? "–", row.assistant == nil ? .dim : .normal),
                (row.status?.rawValue ?? "unknown", statusStyle(row.status)),
                (row.run?.status ?? "no run", row.run.map { runStyle($0.status) } ?? .dim),
                (started(row.run?.createdAt ?? row.createdAt, today: today), .dim),
                (duration(of: row, now: now), .normal),
            ], node: node, y: y, grid: &grid)
        }

        private func write(_ cells: [(text: String, style: Style)], node: [Span], y: Int, grid: inout Grid) {
            var x = 0
            for (cell, column) in zip(cells, Self.fixed) where x < width {
                if !cell.text.isEmpty { _ = grid.write(cell.text, x: x, y: y, limit: min(column.width - 1, width - x), style: cell.style) }
                x += column.width
            }
            if x < width { grid.write(node, x: x, y: y, limit: width - x) }
        }
    }
}
