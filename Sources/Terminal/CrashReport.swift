#if canImport(Glibc)
import Glibc
#endif

/// What the crash hook writes to standard error once the terminal is restored: what ended the
/// process, then a backtrace of the thread that received the signal.
///
/// It runs in a signal handler, perhaps after a crash inside malloc, so it allocates nothing: the
/// text is put together in a buffer that `prepare()` allocates, and the frames come from glibc's
/// `backtrace`, whose first call would load libgcc's unwinder (`prepare()` makes that call, so
/// the handler never has to), and `backtrace_symbols_fd`, which writes without malloc. Swift's
/// own backtracer is not used: it takes seconds, asks for a key on a terminal, and can be
/// configured only before the process starts. The executable exports no symbols, so its frames
/// print as offsets; the header says how to name them.
enum CrashReport {
    private typealias Backtrace = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>?, Int32) -> Int32
    private typealias BacktraceSymbols = @convention(c) (UnsafePointer<UnsafeMutableRawPointer?>?, Int32, Int32) -> Void

    private static let frameLimit: Int32 = 64
    private static let textCapacity = 512

    // A signal handler can reach only globals; all are set by `prepare()` before it can run.
    nonisolated(unsafe) private static var frames: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    nonisolated(unsafe) private static var text: UnsafeMutablePointer<UInt8>?
    nonisolated(unsafe) private static var backtrace: Backtrace?
    nonisolated(unsafe) private static var backtraceSymbols: BacktraceSymbols?

    /// Call once, outside any signal handler, before `write` may be called.
    static func prepare() {
        guard text == nil else { return }
        // The Glibc module does not export execinfo.h, so its two functions are looked up by name.
        let everywhere = UnsafeMutableRawPointer(bitPattern: 0) // RTLD_DEFAULT
        backtrace = dlsym(everywhere, "backtrace").map { unsafeBitCast($0, to: Backtrace.self) }
        backtraceSymbols = dlsym(everywhere, "backtrace_symbols_fd").map { unsafeBitCast($0, to: BacktraceSymbols.self) }
        let frames = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: Int(frameLimit))
        _ = backtrace?(frames, frameLimit)
        self.frames = frames
        text = UnsafeMutablePointer<UInt8>.allocate(capacity: textCapacity)
    }

    /// Writes the report for `signal`, with the handler's `info` and `context`, to standard error.
    static func write(signal: Int32, info: UnsafeMutablePointer<siginfo_t>?, context: UnsafeMutableRawPointer?) {
        guard let text else { return }
        var line = TextBuffer(start: text, capacity: textCapacity)
        let code = info?.pointee.si_code ?? 0
        let sender = info?.pointee._sifields._kill.si_pid ?? 0
        // Zero and below: sent (kill, tgkill, sigqueue, raise) rather than raised by a fault.
        if code <= 0, sender != getpid() {
            line.append("streamtop was ended by ")
            line.appendName(of: signal)
            line.append(", sent by process ")
            line.append(decimal: Int(sender))
        } else {
            line.append("streamtop crashed: ")
            line.appendName(of: signal)
            if code <= 0 {
                line.append(", raised by itself")
            } else if signal != SIGQUIT, signal != SIGABRT, let address = info?.pointee._sifields._sigfault.si_addr {
                line.append(" at ")
                line.append(hex: UInt(bitPattern: address))
            }
        }
        line.append(".\nBacktrace of the thread that received it (to name FILE(+0xN): addr2line -fe FILE 0xN | swift demangle):\n")
        line.write(to: STDERR_FILENO)
        writeBacktrace(from: interruptedAddress(in: context))
    }

    /// The frames from `address` (where the thread was when the signal came) down, without the
    /// handler's own; all of them when that address is not among them.
    private static func writeBacktrace(from address: UInt?) {
        guard let frames, let backtrace, let backtraceSymbols else { return }
        let count = Int(backtrace(frames, frameLimit))
        let first = address.flatMap { address in (0..<count).first { UInt(bitPattern: frames[$0]) == address } } ?? 0
        backtraceSymbols(frames + first, Int32(count - first), STDERR_FILENO)
    }

    private static func interruptedAddress(in context: UnsafeMutableRawPointer?) -> UInt? {
        guard let context else { return nil }
        let machine = context.assumingMemoryBound(to: ucontext_t.self).pointee.uc_mcontext
        #if arch(x86_64)
        // gregs[REG_RIP]; the Glibc module leaves the REG_ names out (they need _GNU_SOURCE).
        return UInt(bitPattern: Int(machine.gregs.16))
        #elseif arch(arm64)
        return UInt(machine.pc)
        #else
        return nil
        #endif
    }
}

/// A line of text put together in memory allocated beforehand, for a signal handler.
private struct TextBuffer {
    let start: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes in
            for byte in bytes { append(byte: byte) }
        }
    }

    mutating func append(decimal value: Int) {
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        let first = count
        var remaining = value.magnitude
        repeat {
            append(byte: UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0
        // The digits went in lowest first.
        var low = first
        var high = count - 1
        while low < high {
            (start[low], start[high]) = (start[high], start[low])
            low += 1
            high -= 1
        }
    }

    /// `0x` and all sixteen digits, as addresses read in a backtrace.
    mutating func append(hex value: UInt) {
        append("0x")
        for shift in stride(from: UInt.bitWidth - 4, through: 0, by: -4) {
            let digit = UInt8((value >> UInt(shift)) & 0xF)
            append(byte: digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }

    /// The signal's name and what it means, e.g. `SIGSEGV (segmentation fault)`.
    mutating func appendName(of signal: Int32) {
        switch signal {
        case SIGSEGV: append("SIGSEGV (segmentation fault)")
        case SIGBUS: append("SIGBUS (bus error)")
        case SIGILL: append("SIGILL (illegal instruction)")
        case SIGTRAP: append("SIGTRAP (trap)")
        case SIGABRT: append("SIGABRT (abort)")
        case SIGFPE: append("SIGFPE (arithmetic error)")
        case SIGQUIT: append("SIGQUIT (quit)")
        default:
            append("signal ")
            append(decimal: Int(signal))
        }
    }

    mutating func append(byte: UInt8) {
        guard count < capacity else { return }
        start[count] = byte
        count += 1
    }

    func write(to descriptor: Int32) {
        var written = 0
        while written < count {
            let result = Glibc.write(descriptor, start + written, count - written)
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return }
            written += result
        }
    }
}
