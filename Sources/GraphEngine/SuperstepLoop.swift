/// One run of a compiled graph, superstep by superstep (see `CompiledGraph`).
struct SuperstepLoop<State: Sendable, Custom: Sendable>: Sendable {
    typealias Part = StreamPart<State, Custom>

    let graph: CompiledGraph<State, Custom>
    let recursionLimit: Int
    /// Receives parts in order, a batch at a time: a step's updates and values go together,
    /// so a waiting consumer is woken once per step rather than once per part.
    let emit: @Sendable ([Part]) -> Void
    private let streamsValues: Bool
    private let streamsUpdates: Bool
    private let deliverCustom: (@Sendable (String, Custom) -> Void)?

    init(
        graph: CompiledGraph<State, Custom>,
        modes: Set<StreamMode>,
        recursionLimit: Int,
        emit: @escaping @Sendable ([Part]) -> Void
    ) {
        self.graph = graph
        self.recursionLimit = recursionLimit
        self.emit = emit
        streamsValues = modes.contains(.values)
        streamsUpdates = modes.contains(.updates)
        if modes.contains(.custom) {
            deliverCustom = { node, event in emit([.custom(node: node, event: event)]) }
        } else {
            deliverCustom = nil
        }
    }

    /// Runs to the end and returns the final state.
    ///
    /// - Throws: `GraphRunError`, or `CancellationError` once the run's task is cancelled
    ///   (whatever the nodes threw on their way out).
    func run(from input: State) async throws -> State {
        var state = input
        if streamsValues { emit([.values(state)]) }
        let entry = try await graph.start.targets(
            after: Command(), stepState: state, nodeIndex: graph.nodeIndex, schema: graph.schema)
        var tasks = schedule(entry, on: state)
        var step = 0
        while !tasks.isEmpty {
            guard step < recursionLimit else { throw GraphRunError.recursionLimitReached(limit: recursionLimit) }
            step += 1
            let outcomes = try await runStep(tasks, on: state, step: step)
            for outcome in outcomes {
                outcome.update.apply(to: &state, using: graph.schema)
            }
            var parts: [Part] = []
            if streamsUpdates {
                parts = outcomes.map { .updates(node: $0.node, update: $0.update) }
            }
            if streamsValues { parts.append(.values(state)) }
            if !parts.isEmpty { emit(parts) }
            tasks = schedule(outcomes.flatMap { $0.targets }, on: state)
        }
        return state
    }

    /// Routed nodes first, by name, then Sends in the order they were made: the order in
    /// which LangGraph applies a step's writes.
    private func schedule(_ targets: [Target<State>], on state: State) -> [ScheduledTask<State>] {
        var routed = Set<Int>()
        var sent: [ScheduledTask<State>] = []
        for target in targets {
            switch target {
            case .node(let node): routed.insert(node)
            case .send(let node, let input): sent.append(ScheduledTask(node: node, input: input))
            }
        }
        return routed.sorted().map { ScheduledTask(node: $0, input: state) } + sent
    }

    /// Runs a step's tasks concurrently and returns their outcomes in schedule order.
    /// The first failure cancels the others.
    private func runStep(
        _ tasks: [ScheduledTask<State>], on state: State, step: Int
    ) async throws -> [TaskOutcome<State>] {
        let outcomes: [TaskOutcome<State>]
        do {
            if let task = tasks.first, tasks.count == 1 {
                // Nothing to run alongside: a child task would only add overhead.
                outcomes = [try await perform(task, on: state, step: step)]
            } else {
                outcomes = try await withThrowingTaskGroup(of: (Int, TaskOutcome<State>).self) { group in
                    for (position, task) in tasks.enumerated() {
                        group.addTask { (position, try await perform(task, on: state, step: step)) }
                    }
                    var finished: [(position: Int, outcome: TaskOutcome<State>)] = []
                    finished.reserveCapacity(tasks.count)
                    for try await result in group {
                        finished.append(result)
                    }
                    return finished.sorted { $0.position < $1.position }.map { $0.outcome }
                }
            }
        } catch {
            try Task.checkCancellation()
            throw error
        }
        // A node may swallow its cancellation and return; its update must not land.
        try Task.checkCancellation()
        return outcomes
    }

    private func perform(_ task: ScheduledTask<State>, on state: State, step: Int) async throws -> TaskOutcome<State> {
        let node = graph.nodes[task.node]
        let writer = StreamWriter(node: node.name, deliver: deliverCustom)
        let context = RunContext(node: node.name, step: step, writer: writer)
        let command: Command<State>
        do {
            command = try await node.action(task.input, context)
        } catch {
            throw GraphRunError(node: node.name, error: error)
        }
        let targets = try await node.routing.targets(
            after: command, stepState: state, nodeIndex: graph.nodeIndex, schema: graph.schema)
        return TaskOutcome(node: node.name, update: command.update, targets: targets)
    }
}

/// A node to run in a step, on the shared state or on its Send's input.
struct ScheduledTask<State: Sendable>: Sendable {
    let node: Int
    let input: State
}

/// What one task of a step produced.
struct TaskOutcome<State: Sendable>: Sendable {
    let node: String
    let update: Update<State>
    let targets: [Target<State>]
}
