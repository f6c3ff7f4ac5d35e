import Analysis
import Feeds
import OutputFormats

/// The timeline's time axis: which stretch of the run's own clock (the events' timestamps,
/// seconds since 1970) the bar area shows, how its columns map to times, and the axis's ticks.
/// Pure, so that the panel draws by it, the time texts compare it (a tick redraws the
/// timeline only when the scale or the present's place on it moved), and the reducer turns a
/// click on the panel into a seek by it.
///
/// The axis starts at the run's first event and runs to the present, rounded up to a whole
/// number of tick steps: it re-scales as the run grows, a step at a time rather than on
/// every tick, and the present is a line that moves across it in between.
struct TimelineScale: Equatable {
    /// A label on the axis, at `column` of the bar area (0 is its left edge).
    struct Tick: Equatable {
        var column: Int
        var label: String
    }

    /// The steps ticks may fall at, in seconds; past the last, the step doubles. The shortest
    /// is also the shortest axis: a run of no time at all is drawn on a millisecond.
    static let steps: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400]
    /// Labels keep at least this many blank columns between them.
    static let labelGap = 2
    /// The widest label of milliseconds, "999ms".
    static let widestMilliseconds = 5
    /// Positions on the bar area are counted in eighths of a cell, as fine as a bar's end draws.
    static let eighths = 8

    /// The stream time at the bar area's left edge: the run's first event.
    let start: Double
    /// Seconds the bar area spans: at least one step, a whole number of steps.
    let length: Double
    /// Seconds between ticks.
    let step: Double
    /// The screen columns of the bar area.
    let barX: Int
    let barWidth: Int
    /// Where the present is on the bar area, in eighths of a cell from its left edge.
    let present: Int

    /// The scale for a run whose first event came at `start` and whose present is `now`
    /// (seconds since 1970), drawn on `barWidth` columns from screen column `barX`.
    init(start: Double, now: Double, barX: Int, barWidth: Int) {
        let start = start.isFinite ? start : 0
        let span = now.isFinite ? max(0, now - start) : 0
        let width = max(0, barWidth)
        var step = Self.steps[0]
        var index = 0
        while true {
            let length = max(1, (span / step).rounded(.up)) * step
            // The widest label is the last, or on an axis under a second one of milliseconds
            // ("500ms" before "1.0s"): labels get no narrower as times grow otherwise.
            let decimals = Self.decimals(forStep: step)
            let widest = max(TextWidth.of(DurationText.axis(length, decimals: decimals)), decimals > 0 ? Self.widestMilliseconds : 0)
            if length <= step || Double(width) * step / length >= Double(widest + Self.labelGap) { break }
            index += 1
            step = index < Self.steps.count ? Self.steps[index] : step * 2
        }
        self.start = start
        self.step = step
        let length = max(1, (span / step).rounded(.up)) * step
        self.length = length
        self.barX = barX
        self.barWidth = width
        present = Self.position(of: start + span, start: start, length: length, barWidth: width)
    }

    /// The scale of the timeline panel drawn in `panel` (its frame included) for a state; nil
    /// while no event has a time, or when the panel has no room for bars.
    init?(_ state: AppState, panel: Rect) {
        guard let now = Self.present(of: state), let first = state.shown.firstEventAt?.seconds else { return nil }
        let inside = panel.inset(by: 1)
        guard inside.height > 0 else { return nil }
        let separator = Glyphs.forOptions(state.options).separator
        let labels = TimelineLabel.columnWidth(PanelModel.timeline(state), separator: separator, insideWidth: inside.width)
        let barX = inside.x + labels + (labels > 0 ? 1 : 0)
        guard barX < inside.maxX else { return nil }
        self.init(start: first, now: now, barX: barX, barWidth: inside.maxX - barX)
    }

    /// The present on the run's clock: in a replay (and in a frozen view) the state shown is
    /// the playhead's, so the last event's time; in a run still going, that time plus the wall
    /// time since it arrived, so that an active bar grows while its stage is quiet; once the
    /// run completed or the stream stopped, the last event's time. Nil before any event with a time.
    static func present(of state: AppState) -> Double? {
        let analysis = state.shown
        guard let first = analysis.firstEventAt?.seconds else { return nil }
        let last = max(first, analysis.lastEventAt?.seconds ?? first)
        guard state.playback == nil, state.frozen == nil, !analysis.isCompleted, isGoing(state.connection),
              let arrival = state.lastEventArrival
        else { return last }
        return last + max(0, state.now - arrival)
    }

    /// Where `time` falls on the bar area, in eighths of a cell, within its edges.
    func position(of time: Double) -> Int {
        Self.position(of: time, start: start, length: length, barWidth: barWidth)
    }

    private static func position(of time: Double, start: Double, length: Double, barWidth: Int) -> Int {
        let cells = Double(barWidth * eighths)
        let offset = (time - start) / length * cells
        guard offset.isFinite else { return offset == .infinity ? barWidth * eighths : 0 }
        return Int(min(max(0, offset), cells).rounded(.down))
    }

    /// The cell of the bar area that `time` falls in (the last cell for the right edge).
    func column(of time: Double) -> Int {
        min(max(0, barWidth - 1), position(of: time) / Self.eighths)
    }

    /// The cell the present's line goes through.
    var presentColumn: Int {
        min(max(0, barWidth - 1), present / Self.eighths)
    }

    /// The stream time (seconds since 1970) at the middle of screen column `x`, as a click
    /// there asks for; nil outside the bar area.
    func time(atColumn x: Int) -> Double? {
        guard x >= barX, x < barX + barWidth else { return nil }
        return start + (Double(x - barX) + 0.5) / Double(barWidth) * length
    }

    /// The axis's labels, left to right, each at its tick ("0s", "30s", "1:00"), the last one
    /// drawn back from the right edge; a label with no room beside its neighbour is left out.
    var ticks: [Tick] {
        var ticks: [Tick] = []
        var free = 0
        let count = Int((length / step).rounded())
        let decimals = Self.decimals(forStep: step)
        for index in 0...count {
            let label = DurationText.axis(Double(index) * step, decimals: decimals)
            let width = TextWidth.of(label)
            let column = min(Int((Double(index) * step / length * Double(barWidth)).rounded(.down)), barWidth - width)
            guard column >= free else { continue }
            ticks.append(Tick(column: column, label: label))
            free = column + width + 1
        }
        return ticks
    }

    /// The decimals a label needs on an axis of this step: none from a second on.
    private static func decimals(forStep step: Double) -> Int {
        step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3
    }

    private static func isGoing(_ connection: ConnectionStatus?) -> Bool {
        switch connection {
        case .connecting, .streaming, .stalled, .reconnecting: true
        case .completed, .ended, .failed, .interrupted, .needsInput, .notLive, nil: false
        }
    }
}
