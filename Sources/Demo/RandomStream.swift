/// The independent random streams of one run, one for each part that draws numbers.
///
/// Branches of the graph run concurrently; if they shared a generator, what each drew would
/// depend on how their tasks were scheduled.
enum RandomStream {
    case identity
    case plan
    case research(lane: Int)
    case analysis(lane: Int)
    case synthesis

    var number: UInt64 {
        switch self {
        case .identity: 1
        case .plan: 2
        case .synthesis: 3
        case .research(let lane): 0x1_0000 + UInt64(lane)
        case .analysis(let lane): 0x2_0000 + UInt64(lane)
        }
    }
}

extension SplitMix64 {
    init(seed: UInt64, _ stream: RandomStream) {
        self.init(seed: seed, stream: stream.number)
    }
}
