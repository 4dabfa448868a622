import PostgresNIO

/// A table's columns, each with how to read its value from a Swift value, so that a batch of
/// any size is written in one statement: every column is bound as one array, and
/// `unnest($1::text[], $2::bigint[], …)` turns the arrays back into rows.
struct PostgresTable<Row>: Sendable {
    struct Column: Sendable {
        var name: String
        /// The SQL type of one value (`text`, `bigint`, …).
        var type: String
        var bind: @Sendable ([Row], inout PostgresBindings) -> Void
    }

    var name: String
    var key: [String]
    var columns: [Column]

    var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// `unnest($n::type[], …) AS v(column, …)`, appending one bind per column.
    func unnest(_ rows: [Row], into bindings: inout PostgresBindings, extra: [Column] = []) -> String {
        let all = columns + extra
        let arrays = all.map { column in
            column.bind(rows, &bindings)
            return "$\(bindings.count)::\(column.type)[]"
        }
        return "unnest(\(arrays.joined(separator: ", "))) AS v(\(all.map(\.name).joined(separator: ", ")))"
    }

    /// Inserts every row; a row whose key exists fails the statement (unique violation).
    func insert(_ rows: [Row]) -> PostgresQuery {
        var bindings = PostgresBindings()
        let source = unnest(rows, into: &bindings)
        return PostgresQuery(
            unsafeSQL: "INSERT INTO \(name) (\(columnList)) SELECT \(columnList) FROM \(source)", binds: bindings)
    }

    /// Inserts every row, replacing the one with the same key.
    func upsert(_ rows: [Row]) -> PostgresQuery {
        var bindings = PostgresBindings()
        let source = unnest(rows, into: &bindings)
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO \(name) (\(columnList)) SELECT \(columnList) FROM \(source)
                ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(assignments(from: "EXCLUDED"))
                """,
            binds: bindings)
    }

    /// Updates every row in place by its key; answers one row per row updated.
    func update(_ rows: [Row]) -> PostgresQuery {
        var bindings = PostgresBindings()
        let source = unnest(rows, into: &bindings)
        return PostgresQuery(
            unsafeSQL: """
                UPDATE \(name) AS t SET \(assignments(from: "v")) FROM \(source)
                WHERE \(keyMatch("t")) RETURNING 1
                """,
            binds: bindings)
    }

    /// `column = source.column, …` for every column but the key's.
    func assignments(from source: String) -> String {
        columns.filter { !key.contains($0.name) }.map { "\($0.name) = \(source).\($0.name)" }.joined(separator: ", ")
    }

    /// `WHERE` terms matching a key column of this table to the same column of `v`.
    func keyMatch(_ alias: String) -> String {
        key.map { "\(alias).\($0) = v.\($0)" }.joined(separator: " AND ")
    }
}

extension PostgresTable.Column {
    /// A column whose value for a row is `value(row)` (nil: NULL).
    static func column<Value: PostgresArrayEncodable & PostgresNonThrowingEncodable & Sendable>(
        _ name: String, _ type: String, _ value: @escaping @Sendable (Row) -> Value?
    ) -> Self {
        Self(name: name, type: type) { rows, bindings in
            bindings.append(NullableArray(elements: rows.map(value)))
        }
    }
}

extension Array {
    /// The last element for each key, in the order the keys first appear: one statement may
    /// not touch a row twice (`ON CONFLICT DO UPDATE` refuses), and the last change wins.
    func lastPerKey<Key: Hashable>(_ key: (Element) -> Key) -> [Element] {
        var index: [Key: Int] = [:]
        var result: [Element] = []
        for element in self {
            if let existing = index[key(element)] {
                result[existing] = element
            } else {
                index[key(element)] = result.count
                result.append(element)
            }
        }
        return result
    }
}
