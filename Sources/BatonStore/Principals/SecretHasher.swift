import Foundation
import HummingbirdBcrypt

/// How Baton turns a password or client secret into what it stores: bcrypt (`$2b$`), with a
/// random salt per hash. Both calls are slow on purpose (about 250 ms at cost 12); callers
/// on an async path should run them off the cooperative pool.
///
/// bcrypt reads only the first 72 bytes of a secret and stops at a NUL byte; `problem(with:)`
/// refuses secrets it would silently shorten.
public enum SecretHasher {
    public static let minimumCost = 4
    public static let maximumCost = 31
    public static let defaultCost = 12
    /// bcrypt's input limit, in UTF-8 bytes.
    public static let maximumSecretBytes = 72

    /// A bcrypt hash of `secret`. `cost` must lie in `minimumCost...maximumCost`.
    public static func hash(_ secret: String, cost: Int) -> String {
        precondition((minimumCost...maximumCost).contains(cost), "bcrypt cost must be from \(minimumCost) to \(maximumCost)")
        return Bcrypt.hash(secret, cost: UInt8(cost))
    }

    /// Whether `secret` matches `hash` (compared in constant time); false for a malformed hash.
    public static func verify(_ secret: String, against hash: String) -> Bool {
        // Bytes past a NUL or past 72 would be ignored by bcrypt: never let them match.
        guard problem(with: secret) == nil else { return false }
        return Bcrypt.verify(secret, hash: hash)
    }

    /// Why bcrypt could not hash `secret` faithfully, or nil.
    public static func problem(with secret: String) -> String? {
        if secret.utf8.contains(0) { return "contains a NUL character" }
        if secret.utf8.count > maximumSecretBytes { return "is longer than \(maximumSecretBytes) bytes (bcrypt ignores the rest)" }
        return nil
    }

    /// A new client secret: 32 bytes from the system's secure generator, URL-safe base64
    /// without padding (43 characters).
    public static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base64URL(bytes)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
