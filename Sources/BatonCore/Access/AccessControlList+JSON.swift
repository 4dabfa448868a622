import BatonJSON

/// The Client Failover `AccessControlList` form, used on the wire and in the store:
/// `{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type","ObjectId","TenantId"},
/// "AccessType","AccessRights"}]}`. Enums read as integers or names, written as integers.
extension AccessControlList {
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public var jsonValue: JSONValue {
        .object(["RoleTrusteeAccessControlEntries": .array(entries.map { entry in
            .object([
                "Trustee": .object([
                    "Type": .number(Double(entry.trustee.kind.rawValue)),
                    "ObjectId": .string(entry.trustee.objectID),
                    "TenantId": entry.trustee.tenantID.map(JSONValue.string) ?? .null,
                ]),
                "AccessType": .number(Double(entry.accessType.rawValue)),
                "AccessRights": .number(Double(entry.rights.rawValue)),
            ])
        })])
    }

    public init(json: JSONValue) throws(Invalid) {
        guard case .object = json else { throw Invalid(description: "the access control list must be a JSON object") }
        guard let list = json[caseInsensitive: "RoleTrusteeAccessControlEntries"], !list.isNull else {
            self.init()
            return
        }
        guard case .array(let items) = list else {
            throw Invalid(description: "RoleTrusteeAccessControlEntries must be an array")
        }
        var entries: [AccessControlEntry] = []
        for (index, item) in items.enumerated() {
            let place = "RoleTrusteeAccessControlEntries[\(index)]"
            guard case .object = item, case .object? = item[caseInsensitive: "Trustee"], let trustee = item[caseInsensitive: "Trustee"] else {
                throw Invalid(description: "\(place) needs a Trustee object")
            }
            let kind = try Self.enumeration(trustee[caseInsensitive: "Type"], "\(place).Trustee.Type",
                                            names: ["user": Trustee.Kind.user, "client": .client, "role": .role],
                                            numbers: Trustee.Kind.init(rawValue:))
            guard case .string(let objectID)? = trustee[caseInsensitive: "ObjectId"], !objectID.isEmpty else {
                throw Invalid(description: "\(place).Trustee.ObjectId must be a non-empty string")
            }
            if kind == .role, AccessRole(name: objectID) == nil {
                let names = AccessRole.allCases.map(\.name).joined(separator: ", ")
                throw Invalid(description: "\(place).Trustee.ObjectId \(Quoted.text(objectID)) is not a role; roles are \(names)")
            }
            var tenantID: String?
            switch trustee[caseInsensitive: "TenantId"] {
            case nil, .null?: tenantID = nil
            case .string(let text)?: tenantID = text
            default: throw Invalid(description: "\(place).Trustee.TenantId must be a string")
            }
            let accessType = try Self.enumeration(
                item[caseInsensitive: "AccessType"], "\(place).AccessType",
                names: ["allowed": AccessControlEntry.AccessType.allowed, "denied": .denied],
                numbers: AccessControlEntry.AccessType.init(rawValue:))
            guard case .number(let bits)? = item[caseInsensitive: "AccessRights"], bits.rounded() == bits,
                  (0...Double(AccessRights.all.rawValue)).contains(bits) else {
                throw Invalid(description: "\(place).AccessRights must be an integer bitmask from 0 to 15 (Read 1, Write 2, Delete 4, ManageAccessControl 8)")
            }
            entries.append(AccessControlEntry(
                trustee: Trustee(kind: kind, objectID: objectID, tenantID: tenantID), accessType: accessType,
                rights: AccessRights(rawValue: Int(bits))))
        }
        self.init(entries: entries)
    }

    private static func enumeration<Value>(
        _ value: JSONValue?, _ name: String, names: [String: Value], numbers: (Int) -> Value?
    ) throws(Invalid) -> Value {
        switch value {
        case .number(let number)?:
            // Exactly: 1e19 or 0.5 is no enum value (and `Int(_:)` would trap on the first).
            if let integer = Int(exactly: number), let result = numbers(integer) { return result }
        case .string(let text)?:
            if let result = names[text.lowercased()] { return result }
        default:
            break
        }
        throw Invalid(description: "\(name) has an unknown value \(value?.jsonText ?? "(missing)")")
    }
}
