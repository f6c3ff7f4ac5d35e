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
