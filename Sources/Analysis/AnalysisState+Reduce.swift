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
        if let sessionID = event.sessionID { enterSession(sessionID, requestID: event.requestID) }

        switch event.kind {
        case .malformed(let reason):
            diagnostics.append(Diagnostic(line: event.line, message: reason, sequence: eventCounts.total))
            return
        case .heartbeat:
            lastHeartbeat = event.timestamp ?? lastHeartbeat
            return
        case .unknown:
            return
        default:
            break
        }

        if let progress = event.progress { self.progress = progress }
        if let report = event.report { self.report = report }
        let row = event.competitor.map { competitorRow(named: $0) }
        if let row { updateCompetitor(row, from: event) }

        switch event.kind {
        case .stageStarted:
            if let stage = event.stage { startStage(stage, competitor: event.competitor, at: event.timestamp) }
        case .stageCompleted(let durationMs):
            if let stage = event.stage {
                endStage(stage, competitor: event.competitor, as: .done, at: event.timestamp, durationMs: durationMs)
                if let row, stage.contains("research") { competitors[row].progress = 1 }
            }
        case .progressUpdate:
            if RunCompletion(event) == .finalProgress {
                complete(.finalProgress, at: event.timestamp)
            } else {
                touchStage(of: event, competitorRow: row)
            }
        case .searchStarted:
            touchStage(of: event, competitorRow: row)
        case .sourcesFound(let found):
            touchStage(of: event, competitorRow: row)
            recordSources(found, competitor: event.competitor)
            if let row { competitors[row].sources += found.count }
        case .insightGenerated(let insight):
            touchStage(of: event, competitorRow: row)
            insights.append(insight)
            if let name = insight.competitor, name != event.competitor {
                competitors[competitorRow(named: name)].insights += 1
            } else if let row {
                competitors[row].insights += 1
            }
        case .error(let report):
            errors.append(ErrorEntry(
                sequence: eventCounts.total, message: report.message, errorType: report.errorType, stage: event.stage,
                competitor: event.competitor, at: event.timestamp, line: event.line
            ))
            if let row { competitors[row].errors += 1 }
            if let stage = event.stage {
                endStage(stage, competitor: event.competitor, as: .failed, at: event.timestamp, durationMs: nil)
            }
        case .analysisCompleted(let summary):
            self.summary = summary ?? self.summary
            progress = 1
            complete(.analysisCompleted, at: event.timestamp)
        case .heartbeat, .unknown, .malformed:
            break
        }
    }

    // MARK: - Session

    /// A different `session_id` is a different run: its results must not mix with the old.
    private mutating func enterSession(_ id: String, requestID: String?) {
        if session.id == id {
            session.requestID = requestID ?? session.requestID
            return
        }
        if let previous = session.id {
            let kept = (eventCounts, diagnostics, notices, lastHeartbeat, firstEventAt, lastEventAt)
            let count = session.count
            self = AnalysisState(limits: limits)
            (eventCounts, diagnostics, notices, lastHeartbeat, firstEventAt, lastEventAt) = kept
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

    /// The competitor's row, added in order of first appearance.
    private mutating func competitorRow(named name: String) -> Int {
        if let index = competitorIndex[name] { return index }
        competitorIndex[name] = competitors.count
        competitors.append(Competitor(name: name))
        return competitors.count - 1
    }

    private mutating func updateCompetitor(_ row: Int, from event: AnalysisEvent) {
        if event.competitorProgress != nil { serverSendsCompetitorProgress = true }
        if let progress = event.competitorProgress ?? (serverSendsCompetitorProgress ? nil : event.progress) {
            competitors[row].progress = progress
        }
        if let stage = event.stage { competitors[row].stage = stage }
        if let message = event.message { competitors[row].message = message }
    }

    // MARK: - Stages

    /// A stage starting means the pipeline has moved on: the other active stages of the same
    /// competitor, and of the whole run, are done. A stage of one competitor that other known
    /// competitors have not reached yet shows for them as pending.
    private mutating func startStage(_ name: String, competitor: String?, at timestamp: Timestamp?) {
        for index in stages.indices where stages[index].status == .active && stages[index].name != name {
            let other = stages[index].competitor
            if competitor == nil || other == nil || other == competitor {
                stages[index].status = .done
                stages[index].endedAt = timestamp
            }
        }
        let index = stageRow(name, competitor: competitor, status: .active)
        stages[index].status = .active
        stages[index].startedAt = timestamp
        if competitor != nil {
            for other in competitors where other.name != competitor {
                _ = stageRow(name, competitor: other.name, status: .pending)
            }
        }
    }

    private mutating func endStage(
        _ name: String, competitor: String?, as status: StageRun.Status, at timestamp: Timestamp?, durationMs: Double?
    ) {
        let index = stageIndex[StageRun.Key(name: name, competitor: competitor)]
            ?? stageIndex[StageRun.Key(name: name, competitor: nil)]
            ?? stageRow(name, competitor: competitor, status: status)
        stages[index].status = status
        stages[index].endedAt = timestamp
        stages[index].durationMs = durationMs
    }

    /// An event inside a stage that was never announced still shows that the stage runs.
    /// The competitor's last stage run is checked first: it is almost always the one.
    private mutating func touchStage(of event: AnalysisEvent, competitorRow row: Int?) {
        guard let name = event.stage else { return }
        if let row, let known = competitors[row].lastStageRun, known < stages.count, stages[known].name == name { return }
        let index = stageIndex[StageRun.Key(name: name, competitor: event.competitor)]
            ?? stageIndex[StageRun.Key(name: name, competitor: nil)]
            ?? stageRow(name, competitor: event.competitor, status: .active)
        if let row { competitors[row].lastStageRun = index }
    }

    /// The row of a stage run, made with `status` if new, placed after the stage's other runs.
    private mutating func stageRow(_ name: String, competitor: String?, status: StageRun.Status) -> Int {
        let key = StageRun.Key(name: name, competitor: competitor)
        if let index = stageIndex[key] { return index }
        let row = StageRun(name: name, competitor: competitor, status: status)
        guard let lastOfStage = stages.lastIndex(where: { $0.name == name }), lastOfStage + 1 < stages.count else {
            stageIndex[key] = stages.count
            stages.append(row)
            return stages.count - 1
        }
        stages.insert(row, at: lastOfStage + 1)
        for index in (lastOfStage + 1)..<stages.count { stageIndex[stages[index].key] = index }
        for index in competitors.indices { competitors[index].lastStageRun = nil }
        return lastOfStage + 1
    }

    // MARK: - Sources

    private mutating func recordSources(_ found: SourcesFound, competitor: String?) {
        sources.total += found.count
        for var preview in found.previews {
            if !preview.url.isEmpty {
                let isNew = sources.urls.insert(preview.url)
                if !isNew || sources.previewURLs.contains(preview.url) { continue }
                sources.previewURLs.insert(preview.url)
            }
            preview.competitor = preview.competitor ?? competitor
            if let dropped = sources.previews.append(preview) { sources.previewURLs.remove(dropped.url) }
        }
    }
}
