import CGSL

extension RandomStream {
    /// A uniform double in [0, 1) (`gsl_rng_uniform`).
    @inlinable public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A uniform double in (0, 1), never exactly 0 (`gsl_rng_uniform_pos`).
    @inlinable public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// `true` with probability `p` (`uniform() < p`): `p <= 0` is never, `p >= 1` always.
    @inlinable public func bernoulli(_ p: Double) -> Bool {
        gsl_rng_uniform(rng) < p
    }

    /// A uniform integer in `0..<n` (`gsl_rng_uniform_int`, unbiased).
    ///
    /// - Precondition: `1 <= n <= 4_294_967_295` (the generators' 32-bit range).
    @inlinable public func uniformInt(_ n: Int) -> Int {
        precondition(n > 0 && n <= 0xffff_ffff, "uniformInt(\(n)): n must be in 1...4294967295")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// An exponential draw with the given mean (`gsl_ran_exponential`, which takes the mean,
    /// not the rate): inter-arrival gaps of a Poisson process with rate `1 / mean`.
    ///
    /// - Precondition: `mean` is finite and > 0 (checked in debug builds only).
    @inlinable public func exponential(mean: Double) -> Double {
        assert(mean > 0 && mean.isFinite, "exponential(mean: \(mean)): mean must be finite and > 0")
        return gsl_ran_exponential(rng, mean)
    }
}
