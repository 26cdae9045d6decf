import ArgumentParser
import FaultlineDocument

extension SafeText {
    /// `error` with its message made safe to print; ArgumentParser's own errors (help, exit
    /// codes, usage errors) keep their meaning.
    static func sanitized(_ error: Error) -> Error {
        switch error {
        case is ExitCode, is CleanExit: return error
        case let e as ValidationError: return ValidationError(message(e.message))
        default:
            let text = "\(error)"
            // Parse errors of ArgumentParser print usage; pass them through unless unsafe.
            let safe = message(text)
            return safe == text && !(error is CLIError || error is OutputError) ? error : CLIError(safe)
        }
    }
}
