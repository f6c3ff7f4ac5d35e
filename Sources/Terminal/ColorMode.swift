/// Whether styles are drawn in colour or only with attributes (bold, dim, reverse, underline).
enum ColorMode: Equatable {
    case color
    case monochrome

    /// Colour unless the user asked for none (`--no-color`, or `NO_COLOR` set to anything
    /// non-empty, per no-color.org) or the terminal has no colours.
    static func resolve(noColorOption: Bool, noColorEnvironment: String?, terminalHasColors: Bool) -> ColorMode {
        if noColorOption || !(noColorEnvironment ?? "").isEmpty || !terminalHasColors { return .monochrome }
        return .color
    }
}
