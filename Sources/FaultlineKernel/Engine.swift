/// A model the engine can drive: it handles one event at a time and may schedule more.
///
/// Dispatch is a single `switch` over the model's payload enum (house rule 3); the engine is
/// generic and specialised, so there is no dynamic dispatch per event.
public protocol EventHandler: ~Copyable {
    associatedtype Payload: Sendable
    /// Handles `payload` due at `now`; new events go into `queue`.
    mutating func handle(_ payload: Payload, at now: SimInstant, queue: inout EventQueue<Payload>)
    /// A 64-bit word identifying `payload` for the run fingerprint (kind and IDs).
    func fingerprintWord(_ payload: Payload) -> UInt64
    /// What the engine calls per event: folds ``fingerprintWord(_:)`` into `fingerprint`, then
    /// handles the event. The default does exactly those two steps. A model whose `handle` is one
    /// `switch` may fold the word in inside each case instead (the cloud model does), so that an
    /// event costs one branch on its kind rather than two; the result must be the same.
    mutating func dispatch(_ payload: Payload, at now: SimInstant, queue: inout EventQueue<Payload>, fingerprint: inout Fingerprint)
    /// True once the model has hit a limit of its own; the engine stops at once.
    var isHalted: Bool { get }
}

extension EventHandler where Self: ~Copyable {
    @inlinable public mutating func dispatch(_ payload: Payload, at now: SimInstant, queue: inout EventQueue<Payload>, fingerprint: inout Fingerprint) {
        fingerprint.combine(fingerprintWord(payload))
        handle(payload, at: now, queue: &queue)
    }
}

/// Why a run stopped.
public enum StopReason: String, Sendable, Equatable {
    /// The next event was due after the horizon.
    case horizon
    /// No events were left before the horizon.
    case exhausted
    /// The model halted itself (``EventHandler/isHalted``).
    case halted
}

/// The event loop: pops events in `(time, sequence)` order and hands them to the model until the
/// horizon, with a hard limit on the number of events (house rule 11).
public struct Engine<Handler: EventHandler & ~Copyable>: ~Copyable, Sendable where Handler: Sendable {
    public var model: Handler
    public var queue: EventQueue<Handler.Payload>
    /// The current simulated time.
    public var now: SimInstant { _now }
    /// Events dispatched so far.
    public var dispatched: Int { _dispatched }
    /// Hash over every dispatched event.
    public var fingerprint: Fingerprint { _fingerprint }
    @usableFromInline var _now: SimInstant = .zero
    @usableFromInline var _dispatched: Int = 0
    @usableFromInline var _fingerprint = Fingerprint()

    public init(model: consuming Handler, queue: consuming EventQueue<Handler.Payload> = EventQueue()) {
        self.model = model
        self.queue = queue
    }

    /// Runs until the next event is due strictly after `horizon`, then sets the clock to the
    /// horizon. Throws ``KernelError/eventLimitExceeded(limit:at:)`` after `maxEvents` events.
    /// - Complexity: O(e log n) for e dispatched events and n pending events.
    @inlinable
    public mutating func run(until horizon: SimInstant, maxEvents: Int) throws(KernelError) -> StopReason {
        var fp = _fingerprint
        var count = _dispatched
        defer {
            _fingerprint = fp
            _dispatched = count
        }
        while let next = queue.nextTime {
            if next > horizon {
                _now = horizon
                return .horizon
            }
            guard count < maxEvents else { throw .eventLimitExceeded(limit: maxEvents, at: next) }
            let event = queue.popFirst().unsafelyUnwrapped
            _now = event.time
            count &+= 1
            fp.combine(event.time.nanoseconds)
            model.dispatch(event.payload, at: event.time, queue: &queue, fingerprint: &fp)
            if model.isHalted { return .halted }
        }
        _now = horizon
        return .exhausted
    }
}
