import ArgumentParser

/// How a stream is shown: the options every command that shows a stream shares.
struct OutputOptions: ParsableArguments {
    enum UI: String, ExpressibleByArgument, CaseIterable {
        case auto, plain, json
    }

    enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
        case json
    }

    @Option(help: "auto: plain lines (the dashboard comes with its own issue); plain: one readable line per event; json: one JSON object per event.")
    var ui: UI = .auto

    @Option(help: "Print only the final state, as one JSON document, when the stream ends.")
    var summary: SummaryFormat?
}
