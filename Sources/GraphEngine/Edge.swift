/// A plain edge: whenever `from` runs, `to` runs in the next step.
struct Edge: Sendable {
    let from: String
    let to: String
}
