import Serve
import Testing

@Suite("What a client asks the server to analyse")
struct AnalysisRequestTests {
    @Test("names are trimmed and the focus area defaults to the demo's")
    func trimmed() throws {
        let request = try AnalysisRequest(competitors: [" A ", "B"], focusArea: nil)
        #expect(request.competitors == ["A", "B"])
        #expect(request.focusArea == "spinal implants")
    }

    @Test("a bad request names the parameter that is wrong", arguments: [
        ([], "x", "competitors"),
        (["A", ""], "x", "competitors"),
        (["A", "A"], "x", "competitors"),
        (Array(repeating: "", count: 0) + (1...11).map { "C\($0)" }, "x", "competitors"),
        ([String(repeating: "n", count: 101)], "x", "competitors"),
        (["A\u{1B}[2J"], "x", "competitors"),
        (["A"], "  ", "focus_area"),
        (["A"], String(repeating: "f", count: 201), "focus_area"),
        (["A"], "f\no", "focus_area"),
    ] as [([String], String, String)])
    func rejected(competitors: [String], focusArea: String, parameter: String) {
        #expect(throws: BadParameter.self) { try AnalysisRequest(competitors: competitors, focusArea: focusArea) }
        do {
            _ = try AnalysisRequest(competitors: competitors, focusArea: focusArea)
        } catch {
            #expect(error.parameter == parameter)
        }
    }

    @Test("a rate reads N/second, N/minute or N/hour")
    func rates() {
        #expect(RateLimit("5/minute")?.count == 5)
        #expect(RateLimit("5/minute")?.window == .seconds(60))
        #expect(RateLimit("2/second")?.window == .seconds(1))
        #expect(RateLimit("100/hour")?.window == .seconds(3600))
        for bad in ["5", "0/minute", "-1/minute", "five/minute", "5/week", "5/minute/x", ""] {
            #expect(RateLimit(bad) == nil, "\(bad)")
        }
    }
}
