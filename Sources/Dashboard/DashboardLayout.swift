/// Where each part of the screen goes for a given size: a pure function of the size, of
/// whether the event log and the model's output are shown and of the stage runs to show, total
/// for every size (down to 0×0). It keeps what it was solved for, so that a state can tell
/// when to solve it again.
public struct DashboardLayout: Equatable, Sendable {
    public static let minimumSize = Size(width: 40, height: 12)
    /// From this width the panels sit in two columns.
    public static let twoColumnWidth = 110

    /// What the layout was solved for.
    public let size: Size
    public let showEventLog: Bool
    public let stageRows: Int
    /// The model-output panel has a place: in two columns it takes rows from the right column
    /// (sources, insights, model, errors), in one it is a row of its own above the errors.
    public let showModel: Bool

    public private(set) var header = Rect(x: 0, y: 0, width: 0, height: 0)
    public private(set) var footer = Rect(x: 0, y: 0, width: 0, height: 0)
    public private(set) var panels: [(panel: Panel, rect: Rect)] = []
    public private(set) var isTooSmall = false

    /// - Parameter stageRows: the stage runs to show; in two columns the stages panel is as
    ///   tall as they need (up to half the column) and the competitors get the rest.
    public init(size: Size, showEventLog: Bool, stageRows: Int = 0, showModel: Bool = false) {
        self.size = size
        self.showEventLog = showEventLog
        self.stageRows = stageRows
        self.showModel = showModel
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            isTooSmall = true
            return
        }
        let screen = Rect(size)
        let (header, rest) = screen.splitTop(HeaderView.height)
        let (body, footer) = rest.splitBottom(1)
        self.header = header
        self.footer = footer
        var main = body
        var log: Rect?
        if showEventLog {
            let split = body.splitBottom(max(4, body.height * 2 / 5))
            main = split.rest
            log = split.bottom
        }
        if size.width >= Self.twoColumnWidth {
            let (left, right) = main.splitLeft(main.width * 9 / 20)
            let (stages, competitors) = left.splitTop(min(max(4, stageRows + 2), left.height / 2))
            panels = [(.stages, stages), (.competitors, competitors)]
            let (rightPanels, weights): ([Panel], [Int]) = showModel
                ? ([.sources, .insights, .model, .errors], [5, 6, 6, 4]) : ([.sources, .insights, .errors], [7, 8, 5])
            panels += zip(rightPanels, right.splitRows(weights: weights, minimum: 4)).map { ($0, $1) }
        } else {
            let (order, weights): ([Panel], [Int]) = showModel
                ? ([.competitors, .stages, .sources, .insights, .model, .errors], [3, 2, 3, 3, 3, 2])
                : ([.competitors, .stages, .sources, .insights, .errors], [3, 2, 3, 3, 2])
            panels = zip(order, main.splitRows(weights: weights, minimum: 3)).map { ($0, $1) }
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

    public static func == (lhs: DashboardLayout, rhs: DashboardLayout) -> Bool {
        lhs.size == rhs.size && lhs.showEventLog == rhs.showEventLog && lhs.stageRows == rhs.stageRows
            && lhs.showModel == rhs.showModel
            && lhs.header == rhs.header && lhs.footer == rhs.footer && lhs.isTooSmall == rhs.isTooSmall
            && lhs.panels.map(\.panel) == rhs.panels.map(\.panel) && lhs.panels.map(\.rect) == rhs.panels.map(\.rect)
    }
}
