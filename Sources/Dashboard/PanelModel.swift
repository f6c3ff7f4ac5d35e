import Analysis
import OutputFormats

/// What each panel lists, derived from the state alone: the items the panels draw, and what
/// the reducer scrolls through and keeps offsets inside. No drawing here, so that the reducer
/// never calls a view.
enum PanelModel {
    /// An entry of the errors panel: an error the stream reported, or input that could not be used.
    enum ErrorItem {
        case error(ErrorEntry)
        case diagnostic(Diagnostic)

        var sequence: Int {
            switch self {
            case .error(let error): error.sequence
            case .diagnostic(let diagnostic): diagnostic.sequence
            }
        }

        var searchText: String {
            switch self {
            case .error(let error): "\(error.message) \(error.errorType ?? "") \(error.stage ?? "") \(error.competitor ?? "")"
            case .diagnostic(let diagnostic): diagnostic.message
            }
        }
    }

    /// The rows an item's text takes under its heading, at a panel's inner width: the one
    /// wrapping rule of the panels and of the scrolling that keeps a selection in sight.
    static func body(_ text: String, width: Int) -> [String] {
        text.isEmpty ? [] : TextWidth.wrap(text, to: max(1, width - 2))
    }

    /// What a competitor is doing, as its second row says it; nil when it says nothing.
    static func activity(of competitor: Competitor, separator: String) -> String? {
        let doing = [competitor.stage, competitor.message].compactMap { $0 }.joined(separator: " \(separator) ")
        return doing.isEmpty ? nil : doing
    }

    /// The rows item `index` of a panel takes at its inner `width` and `height`, as the panel
    /// draws it: a heading, and the body some panels wrap under it.
    static func rows(of panel: Panel, at index: Int, width: Int, height: Int, in state: AppState) -> Int {
        switch panel {
        case .insights:
            return 1 + body(insights(state)[index].text, width: width).count
        case .errors:
            guard case .error(let error) = errors(state)[index] else { return 1 }
            return 1 + body(error.message, width: width).count
        case .competitors:
            return state.layout.isCompact || activity(of: competitors(state)[index], separator: "") == nil ? 1 : 2
        case .model:
            guard height > 1 else { return 1 }
            return 1 + min(height - 1, body(messages(state)[index].text, width: width).count)
        case .stages, .timeline, .sources, .log, .graph:
            return 1
        }
    }

    /// Items shown in a panel after its filter: what scrolling moves through.
    static func itemCount(of panel: Panel, in state: AppState) -> Int {
        switch panel {
        case .stages: stages(state).count
        case .competitors: competitors(state).count
        case .sources: sources(state).count
        case .insights: insights(state).count
        case .model: messages(state).count
        case .errors: errors(state).count
        case .log: log(state).count
        case .timeline: timeline(state).count
        case .graph: 0
        }
    }

    /// The pipeline in order.
    static func stages(_ state: AppState) -> ListItems<StageRun> {
        let filter = state.view(of: .stages).filter
        return ListItems(state.shown.stages, newestFirst: false, filter: filter) {
            "\($0.name) \($0.competitor ?? "") \($0.status.rawValue) \($0.taskID ?? "") \($0.error ?? "")"
        }
    }

    /// The stage runs the timeline draws a bar for, in the pipeline's order.
    static func timeline(_ state: AppState) -> ListItems<StageRun> {
        let filter = state.view(of: .timeline).filter
        return ListItems(state.shown.stages, newestFirst: false, filter: filter) {
            "\($0.name) \($0.competitor ?? "") \($0.status.rawValue) \($0.taskID ?? "")"
        }
    }

    /// The competitors in order of first appearance.
    static func competitors(_ state: AppState) -> ListItems<Competitor> {
        let filter = state.view(of: .competitors).filter
        return ListItems(state.shown.competitors, newestFirst: false, filter: filter) { "\($0.name) \($0.stage ?? "") \($0.message ?? "")" }
    }

    /// The source previews kept, newest first.
    static func sources(_ state: AppState) -> ListItems<SourcePreview> {
        let filter = state.view(of: .sources).filter
        return ListItems(state.shown.sources.previews.items, newestFirst: true, filter: filter) { "\($0.title) \($0.url) \($0.competitor ?? "")" }
    }

    /// The insights kept, newest first.
    static func insights(_ state: AppState) -> ListItems<Insight> {
        let filter = state.view(of: .insights).filter
        return ListItems(state.shown.insights.items, newestFirst: true, filter: filter) {
            "\($0.text) \($0.title ?? "") \($0.competitor ?? "") \($0.category ?? "")"
        }
    }

    /// The model's output messages kept, newest first.
    static func messages(_ state: AppState) -> ListItems<ModelMessage> {
        let filter = state.view(of: .model).filter
        return ListItems(state.shown.messages.items, newestFirst: true, filter: filter) { "\($0.node ?? "") \($0.id) \($0.text)" }
    }

    /// Errors and bad input together, most recent first.
    static func errors(_ state: AppState) -> ListItems<ErrorItem> {
        let filter = state.view(of: .errors).filter
        let analysis = state.shown
        let entries = analysis.errors.items.map(ErrorItem.error) + analysis.diagnostics.items.map(ErrorItem.diagnostic)
        return ListItems(entries.sorted { $0.sequence > $1.sequence }, newestFirst: false, filter: filter, text: \.searchText)
    }

    /// The events kept, newest first.
    static func log(_ state: AppState) -> ListItems<AnalysisEvent> {
        let filter = state.view(of: .log).filter
        return ListItems(state.shownLog.items, newestFirst: true, filter: filter, text: \.logLine)
    }
}
