/// The panels of the dashboard, in focus order. The timeline and the pipeline graph are also
/// views of their own (`t`, `v`): the panel zoomed to the whole screen.
public enum Panel: String, CaseIterable, Equatable, Hashable, Sendable {
    case stages, competitors, timeline, sources, insights, model, errors, log, graph

    public var title: String {
        switch self {
        case .stages: "Stages"
        case .competitors: "Competitors"
        case .sources: "Sources"
        case .insights: "Insights"
        case .model: "Model output"
        case .errors: "Errors"
        case .log: "Event log"
        case .timeline: "Timeline"
        case .graph: "Pipeline"
        }
    }
}

/// How the user is looking at one panel's list: the selected item, how far scrolled from the
/// top, how many arrived since they moved away from the top, and a filter.
public struct PanelViewState: Equatable, Sendable {
    /// The first item drawn: items scrolled past from the top (the newest). Never past `selected`.
    public var offset = 0
    /// The selected item, counted from the top. At 0 the panel follows new items.
    public var selected = 0
    /// Items that arrived while the selection was away from the top, shown as "N new".
    public var unseen = 0
    public var filter = ""

    public var isFollowing: Bool { selected == 0 }
}
