/// Where each part of the screen goes for a given size: a pure function of the size, of
/// whether the event log and the model's output are shown, of the stage runs and competitors
/// to show and of the panel zoomed, total for every size (down to 0×0). It keeps what it was
/// solved for, so that a state can tell when to solve it again.
///
/// Three shapes:
/// - **two columns** from ``twoColumnWidth``: stages, competitors and, in the room they leave,
///   the timeline on the left; sources, insights, (model,) errors on the right;
/// - **one column**, where every panel is a band of rows;
/// - **compact**, a column too short for the stages and every competitor's two rows: a row per
///   competitor and the stages as a strip, so that at 80×24 the whole run is in sight.
///
/// A zoomed panel (`z`, or the timeline and pipeline views, `t` and `v`) takes the whole body.
public struct DashboardLayout: Equatable, Sendable {
    public static let minimumSize = Size(width: 40, height: 12)
    /// From this width the panels sit in two columns.
    public static let twoColumnWidth = 110
    /// The rows the timeline needs to be worth a place in the left column.
    static let timelineMinimum = 6

    /// What the layout was solved for.
    public let size: Size
    public let showEventLog: Bool
    public let stageRows: Int
    /// The model-output panel has a place: in two columns it takes rows from the right column
    /// (sources, insights, model, errors), in one it is a row of its own above the errors.
    public let showModel: Bool
    public let competitorRows: Int
    public let zoomed: Panel?

    public private(set) var header = Rect(x: 0, y: 0, width: 0, height: 0)
    public private(set) var footer = Rect(x: 0, y: 0, width: 0, height: 0)
    /// Between the header and the footer: where the panels, and details over them, go.
    public private(set) var body = Rect(x: 0, y: 0, width: 0, height: 0)
    public private(set) var panels: [(panel: Panel, rect: Rect)] = []
    public private(set) var isTooSmall = false
    /// A row per competitor and the stages as a strip.
    public private(set) var isCompact = false

    /// - Parameters:
    ///   - stageRows: the stage runs to show; in two columns the stages panel is as tall as
    ///     they need (up to half the column).
    ///   - competitorRows: the competitors to show; in two columns their panel is as tall as
    ///     they need and the timeline gets the rest.
    public init(
        size: Size, showEventLog: Bool, stageRows: Int = 0, showModel: Bool = false, competitorRows: Int = 0, zoomed: Panel? = nil
    ) {
        self.size = size
        self.showEventLog = showEventLog
        self.stageRows = stageRows
        self.showModel = showModel
        self.competitorRows = competitorRows
        self.zoomed = zoomed
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            isTooSmall = true
            return
        }
        let screen = Rect(size)
        let (header, rest) = screen.splitTop(HeaderView.height)
        let (body, footer) = rest.splitBottom(1)
        self.header = header
        self.footer = footer
        self.body = body
        if let zoomed {
            panels = [(zoomed, body)]
            return
        }
        var main = body
        var log: Rect?
        if showEventLog {
            let split = body.splitBottom(max(4, body.height * 2 / 5))
            main = split.rest
            log = split.bottom
        }
        let others: [Panel] = showModel ? [.sources, .insights, .model, .errors] : [.sources, .insights, .errors]
        if size.width >= Self.twoColumnWidth {
            let (left, right) = main.splitLeft(main.width * 9 / 20)
            let (stages, below) = left.splitTop(min(max(4, stageRows + 2), left.height / 2))
            panels = [(.stages, stages)]
            // Two rows a competitor: its bar, and what it is doing.
            let (competitors, timeline) = below.splitTop(max(4, competitorRows * 2 + 2))
            if timeline.height >= Self.timelineMinimum {
                panels += [(.competitors, competitors), (.timeline, timeline)]
            } else {
                panels.append((.competitors, below))
            }
            let weights = showModel ? [5, 6, 6, 4] : [7, 8, 5]
            panels += zip(others, right.splitRows(weights: weights, minimum: 4)).map { ($0, $1) }
        } else if main.height >= competitorRows * 2 + stageRows + 4 + others.count * 3 {
            let (order, weights): ([Panel], [Int]) = showModel
                ? ([.competitors, .stages, .sources, .insights, .model, .errors], [3, 2, 3, 3, 3, 2])
                : ([.competitors, .stages, .sources, .insights, .errors], [3, 2, 3, 3, 2])
            panels = zip(order, main.splitRows(weights: weights, minimum: 3)).map { ($0, $1) }
        } else {
            isCompact = true
            let (competitors, below) = main.splitTop(min(max(3, competitorRows + 2), main.height / 2))
            let (stages, rest) = below.splitTop(3)
            panels = [(.competitors, competitors), (.stages, stages)]
            let weights = showModel ? [3, 3, 3, 2] : [3, 3, 2]
            panels += zip(others, rest.splitRows(weights: weights, minimum: 3)).map { ($0, $1) }
        }
        if let log { panels.append((.log, log)) }
    }

    public var visiblePanels: [Panel] { panels.map(\.panel) }

    /// Where a panel goes; nil when it is not on screen.
    public func rect(of panel: Panel) -> Rect? {
        panels.first { $0.panel == panel }?.rect
    }

    /// The rows inside a panel's frame (its height less the frame's top and bottom rows); nil
    /// when it is not on screen.
    public func innerHeight(of panel: Panel) -> Int? {
        rect(of: panel).map { $0.inset(by: 1).height }
    }

    /// The panel under a cell of the screen, if any.
    public func panel(at x: Int, _ y: Int) -> Panel? {
        panels.first { $0.rect.contains(x, y) }?.panel
    }

    public static func == (lhs: DashboardLayout, rhs: DashboardLayout) -> Bool {
        lhs.size == rhs.size && lhs.showEventLog == rhs.showEventLog && lhs.stageRows == rhs.stageRows
            && lhs.showModel == rhs.showModel && lhs.competitorRows == rhs.competitorRows && lhs.zoomed == rhs.zoomed
            && lhs.header == rhs.header && lhs.footer == rhs.footer && lhs.isTooSmall == rhs.isTooSmall
            && lhs.isCompact == rhs.isCompact
            && lhs.panels.map(\.panel) == rhs.panels.map(\.panel) && lhs.panels.map(\.rect) == rhs.panels.map(\.rect)
    }
}
