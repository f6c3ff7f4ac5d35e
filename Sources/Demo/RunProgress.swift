/// The whole run's progress, 0…1, from how far each stage has come in each lane.
///
/// Each stage owns a fixed share of the run (`PipelineStage.progressShare`), split evenly
/// between its lanes: one lane for a whole-run stage, one per competitor otherwise. A lane
/// only moves forward, so the run's progress never goes back, and it is exactly 1 once every
/// lane of every stage is done.
struct RunProgress {
    private var fractions: [PipelineStage: [Double]]

    init(competitorCount: Int) {
        fractions = [:]
        for stage in PipelineStage.allCases {
            fractions[stage] = Array(repeating: 0, count: stage.isPerCompetitor ? competitorCount : 1)
        }
    }

    mutating func record(_ fraction: Double, of stage: PipelineStage, lane: Int) {
        guard let current = fractions[stage]?[lane] else { return }
        fractions[stage]?[lane] = max(current, min(fraction, 1))
    }

    /// To four decimals, which rounding keeps monotonic and keeps at exactly 1 when done.
    var value: Double {
        var total = 0.0
        // Summed in a fixed order (not the dictionary's, which changes from process to
        // process) so that the floating-point result is the same on every run.
        for stage in PipelineStage.allCases {
            let lanes = fractions[stage] ?? []
            // A per-competitor stage with no competitors has nothing to do: it is done.
            let done = lanes.isEmpty ? 1 : lanes.reduce(0, +) / Double(lanes.count)
            total += stage.progressShare * done
        }
        return min(total, 1).rounded(toPlaces: 4)
    }
}
