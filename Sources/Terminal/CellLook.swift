import CNcursesw

/// How a cell is drawn in curses terms: a colour pair (0 is the terminal's own colours) and
/// attributes.
struct CellLook: Equatable {
    var pair: Int16 = 0
    var bold = false
    var dim = false
    var reverse = false
    var underline = false

    /// The attributes as curses wants them beside the pair in a `cchar_t`.
    var attributes: attr_t {
        var attributes = attr_t(0)
        if bold { attributes |= cncursesw_A_BOLD() }
        if dim { attributes |= cncursesw_A_DIM() }
        if reverse { attributes |= cncursesw_A_REVERSE() }
        if underline { attributes |= cncursesw_A_UNDERLINE() }
        return attributes
    }
}
