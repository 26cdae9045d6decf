import FaultlineRandom
import Testing

@Suite struct DistributionValidationTests {
    /// The error `body` throws, or nil (recording an issue) if it does not throw.
    private func error(_ body: () throws(RandomError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> RandomError? {
        do {
            try body()
            Issue.record("expected a RandomError", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    private func expectParameter(
        _ d: Distribution, field: String, value: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let e = error({ () throws(RandomError) in try d.validate() }, sourceLocation: sourceLocation)
        guard case .invalidParameter(let f, let v, _)? = e else {
            Issue.record("expected invalidParameter for \(field), got \(String(describing: e))", sourceLocation: sourceLocation)
            return
        }
        #expect(f == field, sourceLocation: sourceLocation)
        #expect(v == value || (v.isNaN && value.isNaN), sourceLocation: sourceLocation)
        // Sampler validates too, with the same error.
        let s = error({ () throws(RandomError) in _ = try Sampler(d) }, sourceLocation: sourceLocation)
        #expect(s?.field == field, sourceLocation: sourceLocation)
    }

    @Test func validDistributionsPass() throws {
        for d in SamplerMeanTests.cases { try d.validate() }
        try Distribution.uniform(min: 0.2, max: 0.2).validate()
        try Distribution.normal(mean: 0, stddev: 0).validate()
        try Distribution.lognormal(mu: -30, sigma: 0).validate()
    }

    @Test func parameterRanges() {
        expectParameter(.exponential(mean: -1), field: "exponential.mean", value: -1)
        expectParameter(.exponential(mean: 0), field: "exponential.mean", value: 0)
        expectParameter(.exponential(mean: .infinity), field: "exponential.mean", value: .infinity)
        expectParameter(.lognormal(mu: 0, sigma: .nan), field: "lognormal.sigma", value: .nan)
        expectParameter(.lognormal(mu: 0, sigma: -0.1), field: "lognormal.sigma", value: -0.1)
        expectParameter(.lognormal(mu: .nan, sigma: 1), field: "lognormal.mu", value: .nan)
        expectParameter(.constant(-1), field: "constant.value", value: -1)
        expectParameter(.uniform(min: -1, max: 1), field: "uniform.min", value: -1)
        expectParameter(.uniform(min: 2, max: 1), field: "uniform.max", value: 1)
        expectParameter(.normal(mean: -0.5, stddev: 1), field: "normal.mean", value: -0.5)
        expectParameter(.normal(mean: 1, stddev: -1), field: "normal.stddev", value: -1)
        expectParameter(.gamma(shape: 0, scale: 1), field: "gamma.shape", value: 0)
        expectParameter(.gamma(shape: 1, scale: -2), field: "gamma.scale", value: -2)
        expectParameter(.weibull(shape: .nan, scale: 1), field: "weibull.shape", value: .nan)
        expectParameter(.weibull(shape: 1, scale: 0), field: "weibull.scale", value: 0)
        expectParameter(.pareto(shape: -3, scale: 1), field: "pareto.shape", value: -3)
        expectParameter(.pareto(shape: 3, scale: .infinity), field: "pareto.scale", value: .infinity)
    }

    @Test func lognormalConstructors() {
        let equal = error { () throws(RandomError) in _ = try Distribution.lognormal(p50: 0.1, p99: 0.1) }
        #expect(equal == .invalidParameter(field: "lognormal.p99", value: 0.1, allowed: "a finite number > p50 (0.1)"))
        let below = error { () throws(RandomError) in _ = try Distribution.lognormal(p50: 0.2, p99: 0.1) }
        #expect(below?.field == "lognormal.p99")
        let zero = error { () throws(RandomError) in _ = try Distribution.lognormal(p50: 0, p99: 0.1) }
        #expect(zero?.field == "lognormal.p50")
        let negMean = error { () throws(RandomError) in _ = try Distribution.lognormal(mean: -1, stddev: 0.1) }
        #expect(negMean == .invalidParameter(field: "lognormal.mean", value: -1, allowed: "a finite number > 0"))
        let nanSD = error { () throws(RandomError) in _ = try Distribution.lognormal(mean: 1, stddev: .nan) }
        #expect(nanSD?.field == "lognormal.stddev")
        let at = error { () throws(RandomError) in _ = try Distribution.lognormal(median: 1, quantile: 2, at: 0.3) }
        #expect(at?.field == "lognormal.at")
    }

    @Test func gammaConstructor() {
        #expect(error { () throws(RandomError) in _ = try Distribution.gamma(mean: 0, stddev: 1) }?.field == "gamma.mean")
        #expect(error { () throws(RandomError) in _ = try Distribution.gamma(mean: 1, stddev: 0) }?.field == "gamma.stddev")
    }

    @Test func empiricalTables() {
        let nonMonotone = error { () throws(RandomError) in
            _ = try Distribution.empirical(percentiles: [(0.5, 0.3), (0.9, 0.2), (1, 1)])
        }
        guard case .invalidTable(let field, let reason)? = nonMonotone else {
            Issue.record("expected invalidTable, got \(String(describing: nonMonotone))")
            return
        }
        #expect(field == "empirical.p90")
        #expect(reason.contains("p90 = 0.2 is below p50 = 0.3"))

        let unsorted = error { () throws(RandomError) in
            _ = try Distribution.empirical(percentiles: [(0.9, 0.2), (0.5, 0.3), (1, 1)])
        }
        #expect(unsorted?.field == "empirical.p50")

        let missingMax = error { () throws(RandomError) in
            _ = try Distribution.empirical(percentiles: [(0.5, 0.1), (0.99, 0.5)])
        }
        guard case .invalidTable(let f, let r)? = missingMax else {
            Issue.record("expected invalidTable, got \(String(describing: missingMax))")
            return
        }
        #expect(f == "empirical")
        #expect(r.contains("p99") && r.contains("add `max`"))

        let percent = error { () throws(RandomError) in
            _ = try Distribution.empirical(percentiles: [(50, 0.1), (100, 0.5)])
        }
        #expect(percent?.field == "empirical[0].probability")

        let negative = error { () throws(RandomError) in
            _ = try Distribution.empirical(percentiles: [(0.5, -0.1), (1, 0.5)])
        }
        #expect(negative == .invalidParameter(field: "empirical.p50", value: -0.1, allowed: "a finite number >= 0"))

        #expect(error { () throws(RandomError) in _ = try Distribution.empirical(percentiles: []) }?.field == "empirical")
        // The case itself must start at probability 0.
        let noMin = error { () throws(RandomError) in
            try Distribution.empirical([QuantilePoint(probability: 0.5, value: 1), QuantilePoint(probability: 1, value: 2)]).validate()
        }
        #expect(noMin?.field == "empirical")
        let p999 = error { () throws(RandomError) in
            _ = try Distribution.empirical(percentiles: [(0.5, 1), (0.999, 0.5), (1, 2)])
        }
        #expect(p999?.field == "empirical.p99.9")
    }

    @Test func mixtures() {
        let empty = error { () throws(RandomError) in try Distribution.mixture([]).validate() }
        guard case .invalidTable(let field, _)? = empty else {
            Issue.record("expected invalidTable, got \(String(describing: empty))")
            return
        }
        #expect(field == "mixture")
        expectParameter(.mixture([MixtureComponent(weight: 0, distribution: .constant(1))]), field: "mixture[0].weight", value: 0)
        expectParameter(
            .mixture([
                MixtureComponent(weight: 1, distribution: .constant(1)),
                MixtureComponent(weight: -2, distribution: .constant(1))
            ]), field: "mixture[1].weight", value: -2)
        expectParameter(
            .mixture([
                MixtureComponent(weight: 1, distribution: .exponential(mean: 1)),
                MixtureComponent(weight: 1, distribution: .lognormal(mu: 0, sigma: .nan))
            ]), field: "mixture[1].lognormal.sigma", value: .nan)
        expectParameter(
            .mixture([
                MixtureComponent(
                    weight: 1,
                    distribution: .mixture([
                        MixtureComponent(weight: 1, distribution: .constant(1)),
                        MixtureComponent(weight: 1, distribution: .gamma(shape: 0, scale: 1))
                    ]))
            ]), field: "mixture[0].mixture[1].gamma.shape", value: 0)
        let nestedTable = error { () throws(RandomError) in
            try Distribution.mixture([
                MixtureComponent(
                    weight: 1,
                    distribution: .empirical([
                        QuantilePoint(probability: 0, value: 0), QuantilePoint(probability: 0.5, value: 1)
                    ]))
            ]).validate()
        }
        #expect(nestedTable?.field == "mixture[0].empirical")
        let huge = error { () throws(RandomError) in
            try Distribution.mixture([
                MixtureComponent(weight: .greatestFiniteMagnitude, distribution: .constant(1)),
                MixtureComponent(weight: .greatestFiniteMagnitude, distribution: .constant(2))
            ]).validate()
        }
        #expect(huge?.field == "mixture")
    }

    @Test func descriptionsSayWhatToFix() {
        let e = RandomError.invalidParameter(field: "mixture[1].lognormal.sigma", value: -0.5, allowed: "a finite number >= 0")
        #expect(
            e.description
                == "mixture[1].lognormal.sigma is -0.5, but it must be a finite number >= 0; change mixture[1].lognormal.sigma to a value in that range.")
        let t = RandomError.invalidTable(
            field: "empirical", reason: "the table ends at p99 and has no `max` (probability 1); add `max`, the largest value the distribution can take.")
        #expect(t.description.hasPrefix("empirical: the table ends at p99"))
    }
}
