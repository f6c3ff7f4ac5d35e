import Analysis
import Feeds

/// The top two rows: where the stream comes from and how it is doing, then the run's bar (and
/// on a LangGraph Server the thread and run, the run's status and what its interrupt asks).
enum HeaderView {
    static let height = 2

    static func draw(_ state: AppState, in rect: Rect, grid: inout Grid, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        let separator = " \(glyphs.separator) "
        // The figures on the right always show; the source's name on the left gives way.
        var right: [Span] = []
        if let playback = state.playback {
            right += playbackSpans(playback, glyphs: glyphs) + [Span(separator)]
        }
        if let connection = state.connection {
            let (text, style) = describe(connection)
            right += [Span(text, style), Span(separator)]
        }
        // Whatever here moves with the clock comes from the time texts, which ticks compare.
        let times = TimeTexts(state, headerWidth: rect.width)
        let rate = [Span(" " + times.eventRate, .dim), Span(separator), Span(times.heartbeat, times.isQuiet ? .warning : .dim), Span(" ")]
        right += [Span(times.elapsed), Span(separator), Span("\(Format.count(state.analysis.eventCounts.total)) events")]
        var left = [Span(" streamtop ", Style(.title, bold: true, reverse: true)), Span(" ")]
        if let frozen = state.frozen {
            left.append(Span(" FROZEN +\(Format.count(frozen.eventsSince)) ", Style(.warning, bold: true, reverse: true)))
            left.append(Span(" "))
        }
        let leftWidth = left.reduce(0) { $0 + TextWidth.of($1.text) }
        // The sparkline takes only the room the source's name leaves: its newest seconds.
        let figures = (right + rate).reduce(0) { $0 + TextWidth.of($1.text) }
        let spare = rect.width - leftWidth - TextWidth.of(state.mode.label) - figures - 2
        let cells = min(times.sparkline.count, spare)
        if cells >= Sparkline.narrowest { right.append(Span(" " + String(times.sparkline.suffix(cells)), .accent)) }
        right += rate
        let rightWidth = right.reduce(0) { $0 + TextWidth.of($1.text) }
        let room = max(0, rect.width - rightWidth - leftWidth - 1)
        grid.write(left + [Span(state.mode.label, Style(.accent, bold: true))], x: rect.x, y: rect.y, limit: leftWidth + room)
        // On a narrow screen the figures are cut at the right, never written over the name.
        let rightStart = max(rect.x + leftWidth, rect.maxX - rightWidth)
        grid.write(right, x: rightStart, y: rect.y, limit: rect.maxX - rightStart)

        guard rect.height > 1 else { return }
        let analysis = state.shown
        // A LangGraph Server's run (live, or in a replay of one): a run whose status is known
        // says it after its ids instead.
        let run = state.analysis.run
        var status: [Span]
        if let completion = analysis.completion {
            status = [Span(" \(glyphs.done) completed", Style(.ok, bold: true))]
            if completion.reason == .finalProgress { status.append(Span(" (final progress)", .dim)) }
        } else if let active = analysis.stages.last(where: { $0.status == .active }) {
            status = [Span(" now: ", .dim), Span(active.name, .accent)]
        } else if run?.status != nil {
            status = []
        } else {
            status = [Span(" waiting for events", .dim)]
        }
        if let session = state.analysis.session.id {
            status.append(Span(" \(glyphs.separator) session \(ShortID.of(session))", .dim))
        }
        var asks: [Span] = []
        if let run {
            status += runSpans(run, first: status.isEmpty, glyphs: glyphs)
            asks = interruptSpans(run, glyphs: glyphs)
        }
        let statusWidth = status.reduce(0) { $0 + TextWidth.of($1.text) }
        // What an interrupt asks comes last and is cut first, but keeps some room from the bar.
        let asksWidth = min(30, asks.reduce(0) { $0 + TextWidth.of($1.text) })
        let barWidth = max(0, min(asks.isEmpty ? 60 : 20, rect.width - statusWidth - asksWidth - 12))
        let style: Style = analysis.isCompleted ? .ok : analysis.errors.isEmpty ? .accent : .warning
        grid.write([Span(" run ", .dim)] + ProgressBar.spans(analysis.progress, width: barWidth, glyphs: glyphs, style: style) + status + asks,
                   x: rect.x, y: rect.y + 1, limit: rect.width)
    }

    /// " · thread 1c876a2b · run 9e0f3d41 · success": the ids shortened, the status when known;
    /// `first` when nothing comes before them on the row.
    private static func runSpans(_ run: ServerRun, first: Bool, glyphs: Glyphs) -> [Span] {
        var separator = first ? " " : " \(glyphs.separator) "
        var spans: [Span] = []
        func add(_ text: String, _ style: Style) {
            spans += [Span(separator, .dim), Span(text, style)]
            separator = " \(glyphs.separator) "
        }
        if let thread = run.threadID { add("thread \(ShortID.of(thread))", .dim) }
        if let runID = run.runID { add("run \(ShortID.of(runID))", .dim) }
        if let status = run.status {
            let (text, style): (String, Style) = switch status {
            case .success: ("success", Style(.ok, bold: true))
            case .error: ("error", .error)
            case .interrupted: ("interrupted", .warning)
            case .running: ("running…", .accent)
            case .pending: ("pending…", .accent)
            case .timeout: ("timed out", .error)
            case .cancelled: ("cancelled", .warning)
            }
            add(text, style)
        }
        return spans
    }

    /// " · asks {"question": …}" while the run waits at an interrupt (the first, if several).
    private static func interruptSpans(_ run: ServerRun, glyphs: Glyphs) -> [Span] {
        guard run.status == .interrupted, let first = run.interrupts.first else { return [] }
        var spans = [Span(" \(glyphs.separator) asks ", .warning)]
        if run.interrupts.count > 1 { spans.append(Span("(1 of \(run.interrupts.count)) ", .dim)) }
        return spans + [Span(first.value)]
    }

    /// "▶ 2× 01:23/05:40 #1234/5120", or PAUSED / ENDED, and LOOP.
    private static func playbackSpans(_ playback: PlaybackStatus, glyphs: Glyphs) -> [Span] {
        let (state, style): (String, Style) = playback.hasEnded ? ("ENDED", .dim)
            : playback.isPaused ? ("PAUSED", Style(.warning, bold: true)) : ("PLAYING", Style(.ok, bold: true))
        let speed = playback.speed == 0 ? "max" : (playback.speed == playback.speed.rounded() ? "\(Int(playback.speed))×" : "\(playback.speed)×")
        let time = Format.playhead(playback.time) + (playback.duration.map { "/" + Format.playhead($0) } ?? "")
        let position = "#\(Format.count(playback.position))" + (playback.total.map { "/" + Format.count($0) } ?? "")
        return [Span(state, style), Span(" \(speed) \(time) \(position)")] + (playback.isLooping ? [Span(" LOOP", .accent)] : [])
    }

    private static func describe(_ connection: ConnectionStatus) -> (String, Style) {
        switch connection {
        case .connecting: ("connecting", .accent)
        case .streaming: ("● streaming", .ok)
        case .stalled(let seconds): ("stalled \(seconds)s", .warning)
        case .reconnecting(let seconds, let attempt): ("reconnecting in \(seconds)s (attempt \(attempt))", .warning)
        case .completed: ("completed", .ok)
        case .ended(let reason): (reason, .warning)
        case .failed(let reason): ("failed: \(reason)", .error)
        case .interrupted(let reason): ("\(reason) — press r to start a new analysis", .error)
        case .notLive(let reason): (reason, .warning)
        case .needsInput: ("interrupted: needs input", .warning)
        }
    }
}
