/// The most frames the dashboard draws a second: one default and one range, which the command
/// line checks and the frame schedule obeys.
public enum FrameRate {
    public static let standard = 30
    public static let range = 1...240

    /// `fps` brought into ``range``.
    public static func clamped(_ fps: Int) -> Int {
        min(max(fps, range.lowerBound), range.upperBound)
    }
}
