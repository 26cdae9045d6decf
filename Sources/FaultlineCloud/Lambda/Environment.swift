import FaultlineKernel

/// One Lambda execution environment: serves one invocation at a time, frozen between them,
/// reclaimed after an idle lifetime. It also carries its FIS extension's poll state.
///
/// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
struct Environment: Sendable {
    /// Unique over the run (slots are reused), for per-environment reports.
    var serial: Int32 = 0
    /// When the environment was created, ns.
    var createdAt: Int64 = 0
    var function: Int32 = 0
    var deployment: Int32 = 0
    var busy = false
    var provisioned = false
    var live = false
    /// A provisioned environment still being allocated (Init running; not yet invocable).
    var allocating = false
    /// Idle reclaim deadline, ns.
    var expiresAt: Int64 = 0
    /// When the extension's next poll is due (it starts at the first thaw at or after this).
    var nextPollDue: Int64 = 0
    /// Thawed work left on the poll in progress, ns; 0 when no poll is in progress.
    var pollRemaining: Int64 = 0
    /// Since when the poll in progress has been running during this invocation.
    var pollFrom: Int64 = 0
    /// `frozenPoll: resume`: when the poll in progress was sent, and when S3's answer is (or
    /// was) available, ns.
    var pollSentAt: Int64 = 0
    var pollAnswerAt: Int64 = 0
    /// Whether a `reclaim` event is pending for this environment.
    var reclaimPending = false
    /// Bumped when a poll starts or is interrupted, so a stale `pollDone` event is dropped.
    var pollGeneration: UInt32 = 0
    /// The Lambda faults the extension's last completed poll found active (bits).
    var view: UInt64 = 0
    /// First of this environment's ``FaultRecord``s (one per Lambda fault), or -1.
    var recordBase: Int32 = -1
}

/// When one environment learned of, applied and dropped one fault.
struct FaultRecord: Sendable {
    var environment: Int32
    var function: Int32
    var az: Int32
    var createdAt: Int64
    /// Completion of the first poll that found the fault active, or -1.
    var sawAt: Int64 = -1
    var firstInjected: Int64 = -1
    var lastInjected: Int64 = -1
    /// Completion of the last poll that found the fault gone, or -1.
    var clearedAt: Int64 = -1
    var injections: Int64 = 0
}
