import CGSL

/// A borrowed view of a ``RandomStream``'s generator for the simulator's hot path.
///
/// Reading a class reference out of an array costs a retain and a release per draw; a handle is
/// a plain pointer, so models keep `[StreamHandle]` beside the `[RandomStream]` that owns the
/// generators. A handle is valid only while its stream is alive.
public struct StreamHandle: @unchecked Sendable {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    @inlinable init(rng: UnsafeMutablePointer<gsl_rng>) { self.rng = rng }

    /// `gsl_rng_uniform`: [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }
    /// `true` with probability `p`.
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_rng_uniform(rng) < p }
    /// `gsl_rng_uniform_int`: `0..<n`.
    @inlinable public func uniformInt(_ n: Int) -> Int {
        precondition(n > 0 && n <= 0xffff_ffff, "uniformInt(\(n)): n must be in 1...4294967295")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }
    /// `gsl_ran_exponential` (takes the mean).
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
}

extension RandomStream {
    /// A handle to this stream's generator, valid while the stream is alive.
    public var handle: StreamHandle { StreamHandle(rng: rng) }
}

/// The reference-free part of a ``Sampler``: what the hot path copies out of an array.
public struct SamplerCore: Sendable {
    @usableFromInline let kernel: SamplerKernel

    @inlinable init(kernel: SamplerKernel) { self.kernel = kernel }

    /// One draw in seconds, as whole nanoseconds (see ``Sampler/sampleNanoseconds(_:)``).
    @inlinable public func sampleNanoseconds(_ stream: StreamHandle) -> Int64 {
        let x = kernel.draw(stream.rng)
        let ns = (x > 0 ? x : 0) * 1e9 + 0.5
        return ns < 2_305_843_009_213_693_952.0 ? Int64(ns) : Int64.max / 4
    }
}

extension Sampler {
    /// The part of the sampler the hot path needs, without the boxed ``distribution``.
    @inlinable public var core: SamplerCore { SamplerCore(kernel: kernel) }
}
