import Foundation

/// The token signing key as every store keeps it: a setting of 32 random bytes.
enum SigningKey {
    static let settingName = "token-signing-key"
    static let length = 32

    static func generate() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Never silently replaced: a new key would invalidate every token already issued, and a
    /// short one would be a weak key.
    static func checked(_ value: [UInt8]) throws -> [UInt8] {
        guard value.count >= length else {
            throw PrincipalStoreError(description: """
                the stored token signing key (setting '\(settingName)') has \(value.count) bytes, fewer than \
                \(length); delete that row to have a new one made (issued tokens then stop working)
                """)
        }
        return value
    }
}
