import DequeModule
import Synchronization

/// At most a rate's count of requests per client address in any window of its length (a sliding log of each
/// address's admitted requests). Memory stays bounded under hostile cardinality: addresses
/// whose window emptied are forgotten, and beyond ``maxAddresses`` the least recent goes.
final class RateLimiter: Sendable {
    static let maxAddresses = 10_000

    /// Admitted, or refused until the window has room (`retryAfter`, from now).
    enum Verdict: Equatable {
        case admitted
        case refused(retryAfter: Duration)
    }

    private let limit: Int
    private let window: Duration
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let admitted = Mutex<[String: Deque<ContinuousClock.Instant>]>([:])

    init(_ rate: RateLimit, clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        limit = rate.count
        window = rate.window
        self.clock = clock
    }

    func check(_ address: String) -> Verdict {
        let now = clock()
        return admitted.withLock { admitted in
            var times = admitted.removeValue(forKey: address) ?? []
            while let first = times.first, now - first >= window { times.removeFirst() }
            if times.count >= limit {
                admitted[address] = times
                return .refused(retryAfter: times[times.count - limit] + window - now)
            }
            if times.isEmpty, admitted.count >= Self.maxAddresses { forgetOldest(&admitted, now: now) }
            times.append(now)
            admitted[address] = times
            return .admitted
        }
    }

    /// Drops the addresses whose window emptied; if none did, the one heard from least recently.
    private func forgetOldest(_ admitted: inout [String: Deque<ContinuousClock.Instant>], now: ContinuousClock.Instant) {
        admitted = admitted.filter { $0.value.last.map { now - $0 < window } ?? false }
        guard admitted.count >= Self.maxAddresses,
              let stalest = admitted.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key
        else { return }
        admitted[stalest] = nil
    }
}
