@testable import Terminal
import Testing

@Suite("when the loop draws, ticks and sleeps")
struct FrameScheduleTests {
    @Test("the first frame is drawn at once; an unchanged screen is never drawn")
    func firstFrame() {
        let schedule = FrameSchedule(fps: 20, startingAt: 100)
        #expect(schedule.shouldDraw(changed: true, now: 100))
        #expect(!schedule.shouldDraw(changed: false, now: 100))
    }

    @Test("changes within 1/fps of the last frame wait for the rest of it, then draw as one frame")
    func coalescing() {
        var schedule = FrameSchedule(fps: 20, startingAt: 100)
        schedule.ticked(at: 100)
        schedule.drew(at: 100)
        #expect(!schedule.shouldDraw(changed: true, now: 100.03))
        #expect(abs(schedule.sleep(changed: true, now: 100.03) - 0.02) < 1e-9)
        #expect(schedule.shouldDraw(changed: true, now: 100.05))
        #expect(schedule.sleep(changed: true, now: 100.05) == 0)
    }

    @Test("idle: sleep until the next tick, once a second")
    func idle() {
        var schedule = FrameSchedule(fps: 20, startingAt: 100)
        #expect(schedule.tickIsDue(now: 100))
        schedule.ticked(at: 100)
        schedule.drew(at: 100)
        #expect(!schedule.tickIsDue(now: 100.3))
        #expect(abs(schedule.sleep(changed: false, now: 100.3) - 0.7) < 1e-9)
        #expect(schedule.tickIsDue(now: 101))
    }

    @Test("a pending frame and a tick: sleep until the sooner")
    func sooner() {
        var schedule = FrameSchedule(fps: 2, startingAt: 100)
        schedule.ticked(at: 100)
        schedule.drew(at: 100.8)
        #expect(abs(schedule.sleep(changed: true, now: 100.9) - 0.1) < 1e-9)
        #expect(abs(schedule.sleep(changed: true, now: 100.8) - 0.2) < 1e-9)
    }

    @Test("ticks keep their rhythm, but a loop that fell behind ticks once, not once per missed second")
    func ticks() {
        var schedule = FrameSchedule(fps: 20, startingAt: 100)
        schedule.ticked(at: 100.02)
        #expect(schedule.nextTick == 101)
        schedule.ticked(at: 101.01)
        #expect(schedule.nextTick == 102)
        schedule.ticked(at: 107.5)
        #expect(schedule.nextTick == 108.5)
    }

    @Test("fps is clamped to 1…1000, and sleep is never negative")
    func clamping() {
        #expect(FrameSchedule(fps: 0, startingAt: 0).frameInterval == 1)
        #expect(FrameSchedule(fps: -5, startingAt: 0).frameInterval == 1)
        #expect(FrameSchedule(fps: 1_000_000, startingAt: 0).frameInterval == 1 / Double(FrameRate.range.upperBound))
        #expect(FrameSchedule(fps: 20, startingAt: 0).sleep(changed: false, now: 50) == 0)
    }
}
