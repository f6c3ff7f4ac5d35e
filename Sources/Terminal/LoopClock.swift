#if canImport(Glibc)
import Glibc
#endif

/// The two clocks the loop reads: a monotonic one to schedule frames and ticks (immune to the
/// wall clock being set), and the wall clock that ticks report to the app.
enum LoopClock {
    static var monotonic: Double { seconds(CLOCK_MONOTONIC) }
    static var wall: Double { seconds(CLOCK_REALTIME) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
