import Live

/// Placeholder until the list's dashboard lands.
struct RunsFace {
    let output: OutputOptions

    func show(_ watch: DeploymentWatch) async throws {
        throw RunFailure("the runs dashboard is not drawn yet; use --ui json")
    }
}
