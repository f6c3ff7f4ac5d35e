import ArgumentParser

@main
struct Streamtop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streamtop",
        abstract: "A terminal dashboard for live competitive-analysis streams (Server-Sent Events).",
        version: "0.1.0",
        subcommands: [DemoCommand.self, ReplayCommand.self, DumpCommand.self, ConnectCommand.self, RunsCommand.self, ServeCommand.self],
        defaultSubcommand: DemoCommand.self
    )
}
