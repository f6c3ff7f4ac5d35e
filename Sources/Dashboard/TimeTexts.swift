import OutputFormats

/// The texts on screen that move with the clock alone, between events: what a tick can
/// change. The header, the stages panel and the timeline draw these and nothing else that
/// depends on the time, so the reducer, comparing them before and after a tick, knows whether
/// the tick changed the screen. Formatting only; no drawing here.
struct TimeTexts: Equatable {
    /// Seconds without a heartbeat (or any event) after which the stream counts as quiet.
    static let quietAfter = 30.0

    /// Time since the dashboard started, "00:01:23".
    var elapsed: String
    /// Events a second, "12/s".
    var eventRate: String
    /// The header's sparkline of the last minute's events a second, its cells exactly as drawn
    /// (the history moves every second, but while it holds only zeros no cell changes).
    var sparkline: String
    /// The age of the last heartbeat, "♥ 3s ago", or that none came yet.
    var heartbeat: String
    /// The stream has been quiet too long (and is not done): the heartbeat shows as a warning.
    var isQuiet: Bool
    /// The frame of the active stages' spinner (an index into `Glyphs.spinner`), or nil while
    /// no stage is active and no spinner shows.
    var spinnerFrame: Int?
    /// The timeline's scale while the timeline is on screen: the only thing about it that the
    /// clock moves (the present's line, the active bars' ends, the axis as the run outgrows it).
    var timeline: TimelineScale?

    /// - Parameter headerWidth: the header's width as drawn, when not the state's own size.
    init(_ state: AppState, headerWidth: Int? = nil) {
        elapsed = DurationText.clock(state.now - state.startedAt)
        eventRate = "\(Format.count(Int(state.eventRate.perSecond.rounded())))/s"
        sparkline = Sparkline.text(
            state.eventRate.history, width: Sparkline.width(forHeader: headerWidth ?? state.layout.header.width), glyphs: Glyphs.forOptions(state.options)
        )
        if let last = state.lastHeartbeatArrival {
            heartbeat = "♥ \(DurationText.seconds(state.now - last)) ago"
            let quietFor = state.now - (state.lastEventArrival ?? last)
            isQuiet = quietFor > Self.quietAfter && !state.analysis.isCompleted
        } else {
            heartbeat = "no heartbeat yet"
            isQuiet = false
        }
        if state.shown.stages.contains(where: { $0.status == .active }) {
            let frames = Glyphs.forOptions(state.options).spinner.count
            spinnerFrame = Int(state.now.rounded(.down)) % max(1, frames)
        } else {
            spinnerFrame = nil
        }
        timeline = state.layout.rect(of: .timeline).flatMap { TimelineScale(state, panel: $0) }
    }

    /// The time-derived texts the screen shows for a state: none when its layout is too small
    /// to show any (only the "too small" message is drawn then).
    static func onScreen(_ state: AppState) -> TimeTexts? {
        state.layout.isTooSmall ? nil : TimeTexts(state)
    }
}
