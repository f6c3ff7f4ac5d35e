import Analysis
import Foundation

extension Timestamp {
    /// The wall clock now: when a run started or ended, when a heartbeat was written.
    static var now: Timestamp { Timestamp(seconds: Date().timeIntervalSince1970) }
}
