import Analysis
import Demo
import EventStream
import Foundation

/// Writes a realistic stream deterministically: the event mix of a real run (progress_update
/// 35%, search_started 20%, sources_found 20%, insight_generated 11%, stage_started 11%,
/// heartbeat 2.4%, error 0.3%, an unknown type for the rest), envelopes of 220–880 bytes with
/// a median near 325, framed as the seed's server frames them (`data: <json>\n\n`).
/// `scripts/bench` measures on it; the decoder's tests check that what is read from one does
/// not change.
public enum BenchLog {
    public static func write(events: Int, to path: String, seed: UInt64 = 7) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        var generator = Generator(seed: seed)
        var chunk = ""
        chunk.reserveCapacity(1 << 21)
        for index in 0..<events {
            chunk += SSEEncoder.encode(SSEEvent(data: generator.next(index: index, of: events)))
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(chunk.utf8))
    }

    struct Generator {
        var random: SplitMix64
        let competitors = ["Stryker Spine", "Medtronic", "Globus Medical", "NuVasive"]
        let stages = ["plan_queries", "research_competitor", "analyze_findings", "synthesize_report"]
        let topics = [
            "robotic navigation platform rollout", "3D-printed implant portfolio launch",
            "post-market study of minimally invasive fusion", "pricing pressure from ambulatory surgery centers",
            "Q3 revenue growth in the spine segment", "new enabling-technology partnership",
            "acquisition of a biologics start-up", "reimbursement changes affecting disc replacement",
        ]
        let domains = ["fiercebiotech.com", "orthoworld.com", "medtechdive.com", "pubmed.ncbi.nlm.nih.gov", "fda.gov"]
        let sessionID = "7ce86830-1aea-421a-af6a-ed01852086ab"
        let requestID = "fc183180-7bc0-4dc1-a135-d27c1fd6b1e9"

        init(seed: UInt64) {
            random = SplitMix64(state: seed)
        }

        mutating func next(index: Int, of total: Int) -> String {
            let competitor = competitors[Int.random(in: 0..<competitors.count, using: &random)]
            let stage = stages[Int.random(in: 0..<stages.count, using: &random)]
            let topic = topics[Int.random(in: 0..<topics.count, using: &random)]
            let progress = Double(index) / Double(max(1, total))
            let roll = Int.random(in: 0..<1000, using: &random)
            let event: AnalysisEvent
            var common = AnalysisEvent(
                .progressUpdate, timestamp: Timestamp(seconds: 1_795_537_000 + Double(index) * 0.001),
                sessionID: sessionID, requestID: requestID, stage: stage, competitor: competitor,
                progress: progress
            )
            switch roll {
            case 0..<350:
                common.competitorProgress = Double(Int.random(in: 0...100, using: &random)) / 100
                common.message = "Analyzing \(competitor)"
                event = common
            case 350..<550:
                let query = "\(competitor) \(topic) 2025"
                common.kind = .searchStarted(query: query)
                event = common
            case 550..<750:
                let count = Int.random(in: 1...8, using: &random)
                let previews = (0..<Int.random(in: 1...2, using: &random)).map { source(for: competitor, withSnippet: $0 == 0) }
                common.kind = .sourcesFound(SourcesFound(count: count, previews: previews, query: "\(competitor) \(topic)"))
                common.message = "Found \(count) sources"
                event = common
            case 750..<860:
                let insight = Insight(
                    text: "\(competitor) shows \(topic); \(Int.random(in: 2...40, using: &random)) sources agree",
                    title: "\(competitor): \(topic)", category: "market",
                    confidence: Double(Int.random(in: 40...95, using: &random)) / 100, competitor: competitor
                )
                common.kind = .insightGenerated(insight)
                event = common
            case 860..<970:
                common.kind = .stageStarted
                common.message = "Starting \(stage) for \(competitor)"
                event = common
            case 970..<994:
                event = AnalysisEvent(.heartbeat, timestamp: common.timestamp, sessionID: sessionID, requestID: requestID)
            case 994..<997:
                common.kind = .error(ErrorReport(message: "upstream search API returned HTTP 429 for \(competitor)", errorType: "RuntimeError"))
                event = common
            default:
                common.kind = .unknown(type: "competitor_merged")
                event = common
            }
            return event.envelope.serialized()
        }

        private mutating func source(for competitor: String, withSnippet: Bool) -> SourcePreview {
            let domain = domains[Int.random(in: 0..<domains.count, using: &random)]
            let topic = topics[Int.random(in: 0..<topics.count, using: &random)]
            let slug = competitor.lowercased().replacingOccurrences(of: " ", with: "-")
            return SourcePreview(
                title: "\(competitor): \(topic)",
                url: "https://\(domain)/\(slug)/\(Int.random(in: 1...5000, using: &random))",
                snippet: withSnippet ? "\(competitor) reported \(topic)." : nil,
                score: Double(Int.random(in: 3000...9999, using: &random)) / 10000
            )
        }
    }
}
