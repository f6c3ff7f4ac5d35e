#ifndef STREAMTOP_CNCURSESW_SHIM_H
#define STREAMTOP_CNCURSESW_SHIM_H

// SwiftPM drops ncursesw's pkg-config cflags (it calls them prohibited), and without these two
// macros the header hides the wide-character API (cchar_t, setcchar, mvwadd_wch, wget_wch).
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1

#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// glibc declares wcwidth only under _XOPEN_SOURCE, which the Glibc module is not built with.
extern int wcwidth(wchar_t c);

// Swift 6 rejects C globals as shared mutable state, and cannot import macros that expand to
// expressions; these getters hand them over as plain values.

static inline WINDOW *cncursesw_stdscr(void) { return stdscr; }
static inline FILE *cncursesw_stdin(void) { return stdin; }
static inline FILE *cncursesw_stdout(void) { return stdout; }

static inline attr_t cncursesw_A_BOLD(void) { return A_BOLD; }
static inline attr_t cncursesw_A_DIM(void) { return A_DIM; }
static inline attr_t cncursesw_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t cncursesw_A_UNDERLINE(void) { return A_UNDERLINE; }

// Mouse: the button masks are macros built from others, which Swift cannot import.
static inline mmask_t cncursesw_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline int cncursesw_is_press(mmask_t state) { return (state & BUTTON1_PRESSED) != 0; }
static inline int cncursesw_is_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int cncursesw_is_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }

// Whether the terminal's terminfo entry says it takes OSC 52 (the extended `Ms` capability).
static inline int cncursesw_has_clipboard(void) {
    char *value = tigetstr("Ms");
    return value != NULL && value != (char *)-1;
}

#endif
