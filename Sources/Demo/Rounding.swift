extension Double {
    /// Rounded to `places` decimals, so that numbers read as a person would write them:
    /// 0.6039, not 0.6039062500000001.
    func rounded(toPlaces places: Int) -> Double {
        let scale = (0..<places).reduce(1.0) { scale, _ in scale * 10 }
        return (self * scale).rounded() / scale
    }
}
