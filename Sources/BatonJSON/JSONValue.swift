/// An arbitrary JSON value: `AdditionalData` is kept as the client sent it, and the wire
/// layer parses every request body into this form so that property names can be matched
/// case-insensitively and enums read as integers or names.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value of `key`, matched case-insensitively (the vendor APIs are .NET services).
    public subscript(caseInsensitive key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let lowered = key.lowercased()
        return members.first { $0.key.lowercased() == lowered }?.value
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
