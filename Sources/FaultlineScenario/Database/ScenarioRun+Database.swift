import FaultlineCloud
import FaultlineKernel
import FaultlineMetrics

extension ScenarioRun {
    /// `summary.json`'s `databases`: per cluster its instances, errors and the timeline of
    /// every failover and reboot.
    func databasesJSON() -> JSONValue {
        .array(
            result.databases.map { d in
                .object([
                    ("name", .string(d.name)),
                    ("engine", .string(d.engine)),
                    ("writer_at_start", .string(d.writerAtStart)),
                    ("writer_at_end", .string(d.writerAtEnd)),
                    ("queries", .integer(d.queries)),
                    ("query_errors", .integer(d.queryErrors)),
                    ("connection_errors", .integer(d.connectionErrors)),
                    ("read_only_errors", .integer(d.readOnlyErrors)),
                    ("connections_refused", .integer(d.connectionsRefused)),
                    ("commits", .integer(d.commits)),
                    (
                        "instances",
                        .array(
                            d.instances.map { i in
                                .object([
                                    ("name", .string(i.name)), ("az", .string(i.az)),
                                    ("role_at_end", .string(i.writerAtEnd ? "writer" : "reader")),
                                    ("available_at_end", .bool(i.availableAtEnd)),
                                    ("connections_at_end", .integer(i.connectionsAtEnd)), ("connections_max", .integer(i.connectionsMax)),
                                    ("queries", .integer(i.queries)),
                                    ("read_latency_ms", Self.distributionJSON(i.readLatency)), ("write_latency_ms", Self.distributionJSON(i.writeLatency))
                                ])
                            })
                    ),
                    ("events", .array(d.events.map(Self.databaseEventJSON)))
                ])
            })
    }

    /// One failover or reboot: its phases in seconds of simulated time (`null`: did not happen).
    static func databaseEventJSON(_ e: DatabaseEventRecord) -> JSONValue {
        func t(_ i: SimInstant?) -> JSONValue { i.map { .number($0.seconds) } ?? .null }
        var pairs: [(String, JSONValue)] = [
            ("kind", .string(e.kind.rawValue)), ("cause", .string(e.cause)), ("database", .string(e.database))
        ]
        if let i = e.instance { pairs.append(("instance", .string(i))) }
        pairs += [("old_writer", .string(e.oldWriter)), ("new_writer", e.newWriter.map(JSONValue.string) ?? .null), ("requested_s", t(e.requested))]
        switch e.kind {
        case .failover:
            pairs += [("writer_down_s", t(e.down)), ("promoted_s", t(e.promoted)), ("dns_updated_s", t(e.dnsUpdated))]
            if let down = e.down, let promoted = e.promoted { pairs.append(("writer_unavailable_s", .number((promoted - down).seconds))) }
        case .reboot:
            pairs += [("instance_down_s", t(e.down)), ("instance_up_s", t(e.up))]
        }
        pairs.append(("clients_reconnected_s", t(e.clientsReconnected)))
        if let down = e.down, let back = e.clientsReconnected { pairs.append(("write_outage_s", .number((back - down).seconds))) }
        if let note = e.note { pairs.append(("note", .string(note))) }
        return .object(pairs)
    }

    /// The database events a fault caused, for its experiment action's `effect`.
    func databaseEvents(of fault: String) -> [DatabaseEventRecord] {
        result.databases.flatMap(\.events).filter { $0.cause == fault }
    }

    /// Terminal lines: one per failover or reboot.
    func databaseLines() -> [String] {
        func s(_ i: SimInstant?) -> String { i.map { NumberFormat.decimal($0.seconds, places: 1) + " s" } ?? "-" }
        return result.databases.flatMap(\.events).map { e in
            switch e.kind {
            case .failover:
                return
                    "failover \(e.database) (\(e.cause)): requested \(s(e.requested)), writer \(e.oldWriter) down \(s(e.down)), \(e.newWriter ?? "-") promoted \(s(e.promoted)), DNS updated \(s(e.dnsUpdated)), clients reconnected \(s(e.clientsReconnected))"
                    + (e.note.map { "; \($0)" } ?? "")
            case .reboot:
                return "reboot \(e.instance ?? "") (\(e.cause)): requested \(s(e.requested)), down \(s(e.down)), up \(s(e.up))"
                    + (e.note.map { "; \($0)" } ?? "")
            }
        }
    }
}
