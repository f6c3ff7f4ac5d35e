@testable import Dashboard
import Testing

/// The last minute's events a second, as ticks learn them, and the sparkline drawn from it.
@Suite("Event rate")
struct EventRateTests {
    static let start = 1_795_537_000.0

    @Test("a steady stream fills every second with its rate, whether ticks fall on whole seconds or not")
    func steady() {
        for phase in [0.0, 0.3, 0.75] {
            var rate = EventRate()
            for second in 0...70 { rate.tick(now: Self.start + Double(second) + phase, total: second * 10) }
            #expect(rate.history.allSatisfy { abs($0 - 10) < 1e-9 }, "phase \(phase)")
            #expect(abs(rate.perSecond - 10) < 1e-9)
        }
    }

    @Test("a late tick spreads what came over the seconds it missed; a skipped quiet one leaves them empty")
    func lateTicks() {
        var rate = EventRate()
        rate.tick(now: Self.start, total: 0)
        rate.tick(now: Self.start + 1, total: 10)
        rate.tick(now: Self.start + 4, total: 40)
        rate.tick(now: Self.start + 7, total: 40)
        rate.tick(now: Self.start + 8, total: 40)
        #expect(Array(rate.history.suffix(8)) == [10, 10, 10, 10, 0, 0, 0, 0])
        // A gap longer than the window keeps only its share of the last minute.
        rate.tick(now: Self.start + 128, total: 1_240)
        #expect(rate.history.allSatisfy { abs($0 - 10) < 1e-9 })
    }

    @Test("a clock that goes back starts the history afresh; a seek is no burst")
    func clockBackAndRebase() {
        var rate = EventRate()
        rate.tick(now: Self.start, total: 0)
        rate.tick(now: Self.start + 1, total: 50)
        rate.tick(now: Self.start - 100, total: 60)
        #expect(rate.history.allSatisfy { $0 == 0 })
        rate.rebase(total: 5_000)
        rate.tick(now: Self.start - 99, total: 5_003)
        #expect(rate.perSecond == 3)
    }

    @Test("the sparkline scales to the window's most, a blank for none, in Unicode and in ASCII")
    func sparkline() {
        let values: [Double] = [0, 1, 4, 8, 2, 0.01]
        #expect(Sparkline.text(values, width: 6, glyphs: .unicode) == " ▁▄█▂▁")
        #expect(Sparkline.text(values, width: 6, glyphs: .ascii) == " .=#:.")
        #expect(Sparkline.text(values, width: 3, glyphs: .unicode) == "█▂▁")
        #expect(Sparkline.text(values, width: 8, glyphs: .unicode) == "   ▁▄█▂▁")
        #expect(Sparkline.text([0, 0], width: 2, glyphs: .unicode) == "  ")
        #expect(Sparkline.text(values, width: 0, glyphs: .unicode) == "")
        #expect([80, 90, 100, 140, 200].map(Sparkline.width(forHeader:)) == [0, 10, 20, 60, 60])
    }
}
