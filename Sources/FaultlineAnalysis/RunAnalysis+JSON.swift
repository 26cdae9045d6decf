import FaultlineScenario

extension RunAnalysis {
    static func num(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }

    /// `summary.json`'s `phases` section.
    public func phasesJSON() -> JSONValue {
        .object([
            (
                "window",
                .object([
                    ("source", .string(window.source.rawValue)),
                    ("experiment_start_s", Self.num(window.start)),
                    ("experiment_end_s", Self.num(window.end)),
                    // One window per experiment (or fault), until the effects of its faults ended.
                    (
                        "experiments",
                        .array(
                            window.experiments.map { x in
                                .object([
                                    ("name", .string(x.name)), ("start_s", .number(x.start)), ("end_s", .number(x.end)),
                                    ("final_state_s", .number(x.nominalEnd))
                                ])
                            })
                    )
                ])
            ),
            (
                "spans",
                .array(
                    window.phases.map { p in
                        .object([("phase", .string(p.phase.rawValue)), ("start_s", .number(p.start)), ("end_s", .number(p.end))])
                    })
            ),
            (
                "requests",
                .array(
                    requests.map { p, c in
                        .object([
                            ("phase", .string(p.rawValue)), ("requests", .number(c.requests)), ("succeeded", .number(c.succeeded)),
                            ("failed", .number(c.failed)), ("throttled", .number(c.throttled)), ("timed_out", .number(c.timedOut)),
                            ("lost", .number(c.lost)), ("retried", .number(c.retried)),
                            ("buffered", .number(c.buffered)), ("dead_lettered", .number(c.deadLettered)), ("dropped", .number(c.dropped))
                        ])
                    })
            ),
            ("lost", lost.map(JSONValue.integer) ?? .null),
            (
                "metrics",
                .array(
                    metrics.map { m in
                        .object([
                            ("resource", .string(m.resource)), ("metric", .string(m.metric)), ("statistic", .string(m.statistic)),
                            ("pre", Self.num(m.values.pre)), ("experiment", Self.num(m.values.experiment)), ("post", Self.num(m.values.post)),
                            ("run", Self.num(m.values.run)), ("baseline", Self.num(m.baseline)), ("tolerance", Self.num(m.tolerance)),
                            ("impacted", .bool(m.impacted)), ("time_to_impact_s", Self.num(m.timeToImpact)),
                            ("recovered", .bool(m.recovered)), ("time_to_recover_s", Self.num(m.timeToRecover))
                        ])
                    })
            )
        ])
    }

    /// `summary.json`'s `request_ledger` section (docs/ledger.md): the measured window's totals,
    /// failures by status, in flight at the end and whether it balances; per entry point and AZ.
    public func requestLedgerJSON() -> JSONValue {
        let t = ledger.totals
        func counts(_ c: RequestLedger.Counts) -> [(String, JSONValue)] {
            [
                ("entered", .number(c.entered)), ("succeeded", .number(c.succeeded)), ("failed", .number(c.failed)),
                ("throttled", .number(c.throttled)), ("timed_out", .number(c.timedOut)), ("lost", .number(c.lost))
            ]
        }
        return .object([
            ("entered", .integer(t.entered)), ("succeeded", .integer(t.succeeded)), ("failed", .integer(t.failed)),
            ("throttled", .integer(t.throttled)), ("timed_out", .integer(t.timedOut)), ("lost", .integer(t.lost)),
            ("in_flight_at_end", .integer(t.inFlightAtEnd)),
            ("failed_by_status", .array(t.failedByStatus.map { .object([("status", .integer(Int64($0.status))), ("count", .integer($0.count))]) })),
            ("balanced", .bool(t.entered == t.accountedFor)),
            ("entry_points", .array(ledger.entryPoints.map { .object([("resource", .string($0.name))] + counts($0[.run])) })),
            ("by_az", .array(ledger.azs.map { .object([("az", .string($0.name))] + counts($0[.run])) }))
        ])
    }

    /// `summary.json`'s `blast_radius` section.
    public func blastRadiusJSON() -> JSONValue {
        func shares(_ s: [BlastRadius.Share]) -> JSONValue {
            .array(
                s.map { x in
                    .object([
                        ("resource", .string(x.resource)), ("requests", .number(x.requests)), ("errors", .number(x.errors)),
                        ("share_of_traffic", .number(x.shareOfTraffic)), ("share_of_errors", .number(x.shareOfErrors)),
                        ("error_rate_baseline", Self.num(x.errorRateBaseline)), ("error_rate", Self.num(x.errorRate))
                    ])
                })
        }
        let b = blastRadius
        return .object([
            ("phase", .string(b.phase.rawValue)),
            (
                "targets",
                .array(
                    b.targets.map { t in
                        .object([
                            ("resource", .string(t.resource)), ("type", .string(t.type)), ("azs", .array(t.azs.map(JSONValue.string))),
                            ("faults", .array(t.faults.map(JSONValue.string)))
                        ])
                    })
            ),
            (
                "by_type_and_az",
                .array(
                    b.groups.map { g in
                        .object([("type", .string(g.type)), ("az", .string(g.az)), ("resources", .array(g.resources.map(JSONValue.string)))])
                    })
            ),
            ("entry_points", shares(b.entryPoints)),
            ("callers_of_targets", shares(b.callers)),
            ("by_entry_az", shares(b.azs))
        ])
    }

    /// `summary.json`'s `hypotheses` section.
    public func hypothesesJSON() -> JSONValue {
        .array(
            hypotheses.map { h in
                let s = h.spec
                var metric: [(String, JSONValue)]
                switch s.metric {
                case .series(let m, let st): metric = [("metric", .string(m)), ("statistic", .string(st))]
                case .stopConditionEvaluations: metric = [("metric", .string(s.metric.label)), ("statistic", .string("count"))]
                case .ratio, .errorRate: metric = [("metric", .string(s.metric.label)), ("statistic", .string("ratio"))]
                }
                return .object(
                    [
                        ("name", .string(s.name)), ("kind", .string(s.kind.rawValue)), ("statement", .string(s.statement)),
                        ("resource", .string(s.resource))
                    ] + metric + [
                        ("phase", .string(s.phase.rawValue)),
                        (
                            "bound",
                            .object([
                                ("op", .string(s.comparison.rawValue)), ("value", .number(s.bound)),
                                ("relative_to", s.relativeToBaseline ? .string("baseline") : .null)
                            ])
                        ),
                        ("verdict", .string(h.verdict.rawValue)),
                        ("measured", Self.num(h.measured)), ("value", Self.num(h.value)), ("baseline", Self.num(h.baseline)),
                        ("note", h.note.map(JSONValue.string) ?? .null)
                    ])
            })
    }

    /// `summary` (``ScenarioRun/summaryJSON()``) with `phases`, `blast_radius` and, when the
    /// scenario has any, `hypotheses` appended.
    public func extend(summary: JSONValue) -> JSONValue {
        guard case .object(let fields) = summary else { return summary }
        return .object(
            fields + (experiments.isEmpty ? [] : [("experiments", experimentsJSON())]) + [
                ("request_ledger", requestLedgerJSON()), ("phases", phasesJSON()), ("blast_radius", blastRadiusJSON())
            ]
                + (hypotheses.isEmpty ? [] : [("hypotheses", hypothesesJSON())]))
    }
}

extension RunAnalysis {
    /// The files `faultline run` writes beyond ``ScenarioRun/outputFiles``.
    public static let reportFiles = ["report.html"]

    /// `manifest` with ``reportFiles`` added to its `files`, before `manifest.json`.
    public static func manifest(_ manifest: JSONValue) -> JSONValue {
        guard case .object(let fields) = manifest else { return manifest }
        return .object(
            fields.map { k, v in
                guard k == "files", case .array(let files) = v else { return (k, v) }
                let head = files.filter { $0 != .string("manifest.json") }, tail = files.filter { $0 == .string("manifest.json") }
                return (k, .array(head + reportFiles.map(JSONValue.string) + tail))
            })
    }
}
