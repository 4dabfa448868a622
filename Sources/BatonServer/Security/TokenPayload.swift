import BatonCore
import JWTKit

/// The claims of a token Baton issues (OAuth2 bearer tokens and HCX session tokens alike).
struct TokenPayload: JWTPayload {
    static let audience = "baton"
    static let issuer = "baton"

    var sub: SubjectClaim
    var iss: IssuerClaim
    var aud: AudienceClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    /// `user` or `client`.
    var kind: String
    var tenant: String
    var role: String
    /// A fingerprint of the secret's stored hash when the token was issued.
    var secret: String

    /// Signature-independent checks that need no clock; expiry is checked by the
    /// authenticator against Baton's clock.
    func verify(using algorithm: some JWTAlgorithm) throws {
        try aud.verifyIntendedAudience(includes: Self.audience)
        guard iss.value == Self.issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "not issued by Baton")
        }
    }
}
