/// How a fraction reads as a percentage, everywhere streamtop shows one (screen, plain lines,
/// reports): whole percent, rounded down, so that a run at 99.6% never reads as done.
public enum Percent {
    /// 0.996 → "99%", 0.29 → "29%" (a hair is added before rounding down, so that a fraction
    /// just under its exact decimal still reads as written).
    public static func text(_ fraction: Double) -> String {
        let value = fraction.isFinite ? fraction : 0
        return "\(Int((value * 100 + 1e-9).rounded(.down)))%"
    }
}
