extension AnalysisState {
    /// Folds one event into the state. Pure and total: no I/O, no clock, never fails; every
    /// event counts, including malformed and unknown ones. It is the only place that knows
    /// what an event means for the dashboard.
    public mutating func reduce(_ event: AnalysisEvent) {
        eventCounts.count(event.kind, distinctLimit: limits.eventTypes)
        if let timestamp = event.timestamp {
            if firstEventAt == nil { firstEventAt = timestamp }
            lastEventAt = timestamp
        }
        for problem in event.problems {
            diagnostics.append(Diagnostic(line: event.line, message: "\(event.type): \(problem)", sequence: eventCounts.total))
        }
        if let sessionID = event.sessionIDText { enterSession(sessionID, requestID: event.requestIDText, of: event) }

        switch event.kind {
        case .malformed(let reason):
            diagnostics.append(Diagnostic(line: event.line, message: reason, sequence: eventCounts.total))
            return
        case .heartbeat:
            lastHeartbeat = event.timestamp ?? lastHeartbeat
            return
        case .unknown:
            return
        case .graph(let graph):
            reduceGraph(graph, event)
            return
        default:
            break
        }

        if let progress = event.progress { self.progress = progress }
        if let report = event.report { self.report = report }
        let row = event.competitorText.flatMap { competitorRow(named: $0, of: event) }
        if let row { updateCompetitor(row, from: event) }

        switch event.kind {
        case .stageStarted:
            if let stage = stageName(of: event) { startStage(stage, competitor: competitorName(of: event, row: row), at: event.timestamp) }
        case .stageCompleted(let durationMs):
            if let stage = stageName(of: event) {
                let competitor = competitorName(of: event, row: row)
                endStage(stage, competitor: competitor, as: .done, at: event.timestamp, durationMs: durationMs)
                if let row, stage.contains("research") { competitors[row].progress = 1 }
            }
        case .progressUpdate:
            if let reason = RunCompletion.reason(event) {
                complete(reason, at: event.timestamp)
            } else {
                touchStage(of: event, competitorRow: row)
            }
        case .searchStarted:
            touchStage(of: event, competitorRow: row)
        case .sourcesFound(let found):
            touchStage(of: event, competitorRow: row)
            recordSources(found, competitor: competitorName(of: event, row: row))
            if let row { competitors[row].sources = competitors[row].sources.saturatingSum(found.count) }
        case .insightGenerated(let insight):
            touchStage(of: event, competitorRow: row)
            insights.append(insight)
            if let name = insight.competitor, !(event.competitorText?.equals(name, in: event.payload) ?? false) {
                if let other = competitorRow(named: name) { competitors[other].insights += 1 }
            } else if let row {
                competitors[row].insights += 1
            }
        case .error(let report):
            let stage = stageName(of: event)
            let competitor = competitorName(of: event, row: row)
            errors.append(ErrorEntry(
                sequence: eventCounts.total, message: report.message, errorType: report.errorType, stage: stage,
                competitor: competitor, at: event.timestamp, line: event.line
            ))
            if let row { competitors[row].errors += 1 }
            if let stage {
                endStage(stage, competitor: competitor, as: .failed, at: event.timestamp, durationMs: nil)
            }
            // An error of one competitor's branch is not the run's; any other is.
            if run != nil, competitor == nil { run?.status = .error }
        case .analysisCompleted(let summary):
            self.summary = summary ?? self.summary
            progress = 1
            complete(RunCompletion.reason(event) ?? .analysisCompleted, at: event.timestamp)
        case .heartbeat, .unknown, .malformed, .graph:
            break
        }
    }

    // MARK: - Session

    /// A different `session_id` is a different run: its results must not mix with the old.
    private mutating func enterSession(_ idText: EventText, requestID requestText: EventText?, of event: AnalysisEvent) {
        if idText.equals(session.id, in: event.payload) {
            if let requestText, !requestText.equals(session.requestID, in: event.payload) {
                session.requestID = event.text(requestText)
            }
            return
        }
        let id = idText.string(in: event.payload)
        let requestID = event.text(requestText)
        if let previous = session.id {
            // The LangGraph run is the server's, not the session's results: its id came first.
            let kept = (eventCounts, diagnostics, notices, lastHeartbeat, firstEventAt, lastEventAt, run)
            let count = session.count
            self = AnalysisState(limits: limits)
            (eventCounts, diagnostics, notices, lastHeartbeat, firstEventAt, lastEventAt, run) = kept
            session.count = count
            notices.append("New session \(id) started; the results of session \(previous) were cleared")
        }
        session.id = id
        session.requestID = requestID
        session.count += 1
    }

    private mutating func complete(_ reason: Completion.Reason, at timestamp: Timestamp?) {
        progress = 1
        completion = Completion(reason: reason, at: timestamp)
        for index in stages.indices where stages[index].status == .active {
            stages[index].status = .done
            stages[index].endedAt = timestamp
        }
    }

    // MARK: - Competitors

    /// The competitor's row, added in order of first appearance; nil past
    /// ``Limits/competitors``, where the name is only counted. Found by the name's bytes: a
    /// competitor seen before costs no String.
    private mutating func competitorRow(named text: EventText, of event: AnalysisEvent) -> Int? {
        if let row = text.withBytes(in: event.payload, { competitorNames.number(of: $0) }) { return row }
        return competitorRow(named: text.string(in: event.payload))
    }

    private mutating func competitorRow(named name: String) -> Int? {
        if let row = competitorNames.number(of: name) { return row }
        guard competitors.count < limits.competitors else {
            untrackedCompetitors.insert(name)
            return nil
        }
        competitors.append(Competitor(name: name))
        return competitorNames.add(name)
    }

    /// The event's competitor: its row's name, which is the same text, when it has a row.
    private func competitorName(of event: AnalysisEvent, row: Int?) -> String? {
        row.map { competitors[$0].name } ?? event.competitor
    }

    /// The event's stage, as one String per name however many events name it (within
    /// ``Limits/stages`` names).
    private mutating func stageName(of event: AnalysisEvent) -> String? {
        stageSymbol(of: event)?.name
    }

    /// The event's stage name and its number in `stageNames` (nil past ``Limits/stages``
    /// names).
    private mutating func stageSymbol(of event: AnalysisEvent) -> (name: String, number: Int?)? {
        guard let text = event.stageText else { return nil }
        if let number = text.withBytes(in: event.payload, { stageNames.number(of: $0) }) { return (stageNames.names[number], number) }
        let name = text.string(in: event.payload)
        return (name, stageNames.count < limits.stages ? stageNames.add(name) : nil)
    }

    private mutating func updateCompetitor(_ row: Int, from event: AnalysisEvent) {
        if event.competitorProgress != nil { serverSendsCompetitorProgress = true }
        if let progress = event.competitorProgress ?? (serverSendsCompetitorProgress ? nil : event.progress) {
            competitors[row].progress = progress
        }
        // A text the row already holds is only compared, not made again.
        if let stage = event.stageText, !stage.equals(competitors[row].stage, in: event.payload) {
            competitors[row].stage = stageName(of: event)
        }
        if let message = event.messageText, !message.equals(competitors[row].message, in: event.payload) {
            competitors[row].message = event.text(message)
        }
    }

    // MARK: - Stages

    /// A stage starting means the pipeline has moved on: the other active stages of the same
    /// competitor, and of the whole run, are done (a LangGraph task's row ends only by its
    /// result). A stage of one competitor that other known competitors have not reached yet
    /// shows for them as pending.
    private mutating func startStage(_ name: String, competitor: String?, at timestamp: Timestamp?) {
        for index in stages.indices
        where stages[index].status == .active && stages[index].name != name && stages[index].taskID == nil {
            let other = stages[index].competitor
            if competitor == nil || other == nil || other == competitor {
                stages[index].status = .done
                stages[index].endedAt = timestamp
            }
        }
        guard let index = stageRow(name, competitor: competitor, status: .active) else { return }
        stages[index].status = .active
        // A task's row keeps the task's own start, so that its duration is read on one clock.
        if stages[index].taskID == nil || stages[index].startedAt == nil { stages[index].startedAt = timestamp }
        if competitor != nil { addPendingRows(name) }
    }

    /// The stage's pending row for each competitor that has none yet, while rows remain.
    private mutating func addPendingRows(_ name: String) {
        let made = pendingRowsMade[name] ?? 0
        guard made < competitors.count else { return }
        for other in competitors[made...] where envelopeStageRows < limits.stages {
            _ = stageRow(name, competitor: other.name, status: .pending)
        }
        pendingRowsMade[name] = competitors.count
    }

    private mutating func endStage(
        _ name: String, competitor: String?, as status: StageRun.Status, at timestamp: Timestamp?, durationMs: Double?
    ) {
        guard let index = envelopeStageRow(name, competitor: competitor, status: status) else { return }
        stages[index].status = status
        if stages[index].taskID == nil {
            stages[index].endedAt = timestamp
            stages[index].durationMs = durationMs
        } else {
            // A task's row keeps what its own result measured, unless the envelope says more.
            stages[index].endedAt = timestamp ?? stages[index].endedAt
            stages[index].durationMs = durationMs ?? stages[index].durationMs
        }
    }

    /// An event inside a stage that was never announced still shows that the stage runs.
    /// A competitor remembers, by the stage's number, the stages that have a row for it, so
    /// that most events find theirs without hashing two Strings.
    private mutating func touchStage(of event: AnalysisEvent, competitorRow row: Int?) {
        guard let (name, number) = stageSymbol(of: event) else { return }
        if let row, let number, competitors[row].stagesWithRows.contains(number) { return }
        let competitor = competitorName(of: event, row: row)
        guard envelopeStageRow(name, competitor: competitor, status: .active) != nil else { return }
        if let row, let number { competitors[row].stagesWithRows.insert(number) }
    }

    /// The row an envelope of stage `name` belongs to: the competitor's run of it, else the
    /// stage's run shared by all, else a new run made with `status`.
    private mutating func envelopeStageRow(_ name: String, competitor: String?, status: StageRun.Status) -> Int? {
        stageIndex[StageRun.Key(name: name, competitor: competitor)]
            ?? stageIndex[StageRun.Key(name: name, competitor: nil)]
            ?? stageRow(name, competitor: competitor, status: status)
    }

    /// The row of a stage run, made with `status` if new, placed after the stage's other runs;
    /// nil past ``Limits/stages``, where the run is only counted.
    private mutating func stageRow(_ name: String, competitor: String?, status: StageRun.Status) -> Int? {
        if let index = stageIndex[StageRun.Key(name: name, competitor: competitor)] { return index }
        guard envelopeStageRows < limits.stages else {
            untrackedStages.insert(competitor.map { "\(name)\u{0}\($0)" } ?? name)
            return nil
        }
        return insertStage(StageRun(name: name, competitor: competitor, status: status))
    }

    /// Adds a row after the other runs of its stage. A key names its first row, so that the
    /// envelopes of a stage find the first task of that node (and competitor).
    private mutating func insertStage(_ row: StageRun) -> Int {
        if row.taskID == nil { envelopeStageRows += 1 }
        guard let lastOfStage = stages.lastIndex(where: { $0.name == row.name }), lastOfStage + 1 < stages.count else {
            let index = stages.count
            if stageIndex[row.key] == nil { stageIndex[row.key] = index }
            if let taskID = row.taskID { taskIndex[taskID] = index }
            stages.append(row)
            return index
        }
        stages.insert(row, at: lastOfStage + 1)
        reindexStages()
        return lastOfStage + 1
    }

    /// After rows moved: every key to its first row, every task to its row.
    private mutating func reindexStages() {
        stageIndex.removeAll(keepingCapacity: true)
        taskIndex.removeAll(keepingCapacity: true)
        for (index, stage) in stages.enumerated() {
            if stageIndex[stage.key] == nil { stageIndex[stage.key] = index }
            if let taskID = stage.taskID { taskIndex[taskID] = index }
        }
        // A row may have gone (the oldest task rows do).
        for index in competitors.indices { competitors[index].stagesWithRows = [] }
    }

    // MARK: - Sources

    private mutating func recordSources(_ found: SourcesFound, competitor: String?) {
        sources.total = sources.total.saturatingSum(found.count)
        // A preview is copied only when it is kept: most repeat a URL already seen.
        for index in found.previews.indices {
            if !found.previews[index].url.isEmpty {
                let url = found.previews[index].urlHash
                let isNew = sources.urls.insert(hash: url)
                if !isNew || sources.previewURLs.contains(url) { continue }
                sources.previewURLs.insert(url)
            }
            var preview = found.previews[index]
            preview.competitor = preview.competitor ?? competitor
            preview.query = preview.query ?? found.query
            if sources.previews.isFull, !sources.previews.items[0].url.isEmpty {
                sources.previewURLs.remove(sources.previews.items[0].urlHash)
            }
            sources.previews.append(preview)
        }
    }
}

// MARK: - LangGraph

extension AnalysisState {
    /// What a LangGraph Server says about the graph: its run, a row per node task, the model's
    /// messages, interrupts.
    private mutating func reduceGraph(_ graph: GraphEvent, _ event: AnalysisEvent) {
        var run = self.run ?? ServerRun()
        defer { self.run = run }
        switch graph.part {
        case .runStarted(let runID):
            // Another run on the same thread (a resume, say) starts with nothing to say yet.
            if let previous = run.runID, previous != runID {
                run.status = nil
                run.interrupts = []
            }
            run.runID = runID
        case .taskStarted(let taskID, let node):
            startTask(taskID, name: Self.stageName(node, in: graph.namespace), competitor: event.competitor, at: event.timestamp)
        case .taskFinished(let taskID, let node, let error, let interrupted):
            finishTask(taskID, name: Self.stageName(node, in: graph.namespace), error: error, interrupted: interrupted, event)
        case .nodesUpdated(let nodes):
            // For streams without `tasks`: a node that has run shows as done, once.
            for node in nodes {
                let name = Self.stageName(node, in: graph.namespace)
                guard !stages.contains(where: { $0.name == name }) else { continue }
                if envelopeStageRows < limits.stages {
                    _ = insertStage(StageRun(name: name, competitor: nil, status: .done, endedAt: event.timestamp))
                } else {
                    untrackedStages.insert(name)
                }
            }
        case .interrupted(let interrupts):
            run.interrupts = interrupts
            run.status = .interrupted
        case .message(let chunk):
            messages.add(chunk)
        case .runStatus(let told):
            run.threadID = told.threadID ?? run.threadID
            run.runID = told.runID ?? run.runID
            run.assistantID = told.assistantID ?? run.assistantID
            run.graphID = told.graphID ?? run.graphID
            run.status = told.status ?? run.status
            // The feed's word on what the thread waits for is the latest: none when it names none.
            run.interrupts = told.interrupts
            if completion == nil, let reason = RunCompletion.reason(event) { complete(reason, at: event.timestamp) }
        }
    }

    /// A subgraph's node is named after the nodes that contain it: `research/search` for
    /// `search` in the namespace `research:<task id>`.
    static func stageName(_ node: String, in namespace: [String]) -> String {
        guard !namespace.isEmpty else { return node }
        return (namespace.map { String($0.prefix { $0 != ":" }) } + [node]).joined(separator: "/")
    }

    private mutating func startTask(_ taskID: String, name: String, competitor: String?, at timestamp: Timestamp?) {
        if let index = taskIndex[taskID] {
            stages[index].status = .active
            stages[index].startedAt = timestamp ?? stages[index].startedAt
            return
        }
        _ = insertTaskStage(StageRun(name: name, competitor: competitor, status: .active, startedAt: timestamp, taskID: taskID))
    }

    private mutating func finishTask(
        _ taskID: String, name: String, error: ErrorReport?, interrupted: Bool, _ event: AnalysisEvent
    ) {
        // A result whose start was not seen (a join in mid-run) still shows.
        let index = taskIndex[taskID] ?? insertTaskStage(StageRun(name: name, competitor: nil, status: .active, taskID: taskID))
        stages[index].status = error != nil ? .failed : interrupted ? .interrupted : .done
        if let timestamp = event.timestamp {
            stages[index].endedAt = timestamp
            if let start = stages[index].startedAt { stages[index].durationMs = max(0, (timestamp.seconds - start.seconds) * 1000) }
        }
        guard let error else { return }
        stages[index].error = (error.errorType.map { "\($0): " } ?? "") + error.message
        errors.append(ErrorEntry(
            sequence: eventCounts.total, message: error.message, errorType: error.errorType, stage: stages[index].name,
            competitor: stages[index].competitor, at: event.timestamp, line: event.line
        ))
    }

    /// A task's row, within ``Limits/taskStages``: past it the oldest finished task row goes
    /// (the oldest of all if every one still runs).
    private mutating func insertTaskStage(_ row: StageRun) -> Int {
        var taskRows = 0
        var oldest: Int?
        var oldestFinished: Int?
        for (index, stage) in stages.enumerated() where stage.taskID != nil {
            taskRows += 1
            if oldest.map({ stage.sequence < stages[$0].sequence }) ?? true { oldest = index }
            if stage.status != .active, oldestFinished.map({ stage.sequence < stages[$0].sequence }) ?? true {
                oldestFinished = index
            }
        }
        if taskRows >= limits.taskStages, let victim = oldestFinished ?? oldest {
            stages.remove(at: victim)
            taskStagesDropped += 1
            reindexStages()
        }
        var row = row
        row.sequence = eventCounts.total
        return insertStage(row)
    }
}

extension Int {
    /// A count a server sent may be huge (up to 10^15 each), so that a few thousand of them
    /// would pass `Int.max` and trap: a total stops there.
    public func saturatingSum(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
