import CNcursesw
import Dashboard

/// Maps the views' semantic styles to what the terminal can show: a foreground colour on the
/// terminal's own background in colour mode, attributes alone in monochrome (where every role
/// that colour would set apart gets an attribute instead). A style's own bold and reverse apply
/// in both modes.
struct StylePalette {
    let mode: ColorMode

    /// The colour pairs to register with curses: one per coloured role, numbered by the role,
    /// drawn on the default background (-1).
    static let colorPairs: [(pair: Int16, foreground: Int16)] = Style.Role.allCases.compactMap { role in
        foreground(of: role).map { (Int16(role.rawValue), $0) }
    }

    func look(for style: Style) -> CellLook {
        var look = mode == .color ? Self.colorLook(style.role) : Self.monochromeLook(style.role)
        look.bold = look.bold || style.bold
        look.reverse = look.reverse || style.reverse
        return look
    }

    private static func foreground(of role: Style.Role) -> Int16? {
        switch role {
        case .normal, .dim, .selection: nil
        case .accent: Int16(COLOR_MAGENTA)
        case .title: Int16(COLOR_CYAN)
        case .ok: Int16(COLOR_GREEN)
        case .warning: Int16(COLOR_YELLOW)
        case .error: Int16(COLOR_RED)
        }
    }

    private static func colorLook(_ role: Style.Role) -> CellLook {
        var look = CellLook(pair: foreground(of: role) == nil ? 0 : Int16(role.rawValue))
        switch role {
        case .dim: look.dim = true
        case .selection: look.reverse = true
        case .normal, .accent, .title, .ok, .warning, .error: break
        }
        return look
    }

    private static func monochromeLook(_ role: Style.Role) -> CellLook {
        switch role {
        case .normal, .ok: CellLook()
        case .dim: CellLook(dim: true)
        case .accent, .title, .warning: CellLook(bold: true)
        case .error: CellLook(bold: true, underline: true)
        case .selection: CellLook(reverse: true)
        }
    }
}
