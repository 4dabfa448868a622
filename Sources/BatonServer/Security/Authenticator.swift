import BatonCore
import BatonStore
import BatonWire
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import NIOPosix
import Synchronization

/// Establishes who is asking: HTTP Basic (users), bearer tokens (clients, via the OAuth2
/// token endpoint), and HCX session tokens (users, via `POST /hybridity/api/sessions`).
/// Secrets are checked against bcrypt hashes and never logged.
public final class Authenticator: Sendable {
    public struct Failure: Error, Equatable {
        public var reason: String
        /// Set when the credentials were not checked because too many checks were asked for
        /// (`SecretCheckLimits`): a 429 after this long, not a 401.
        public var retryAfter: Duration? = nil
    }

    /// What checking a secret found.
    enum SecretCheck {
        case verified(Principal)
        /// Unknown principal or wrong secret.
        case refused
        /// Not checked: too many checks (`SecretCheckLimits`).
        case limited(retryAfter: Duration, reason: String)
    }

    let mode: ServerSettings.Authentication
    private let principals: any PrincipalStore
    private let keys: JWTKeyCollection
    private let tokenLifetime: Duration
    private let clock: any BatonClock
    /// Digests of (kind, id, secret, stored hash) already verified. bcrypt is slow on
    /// purpose; remembering a verified digest spares a heartbeat with Basic credentials the
    /// cost. The stored hash is part of the digest, so a new secret or a removed principal
    /// takes effect at once.
    private let verified = Mutex<Set<SHA256Digest>>([])
    private static let verifiedLimit = 10_000
    /// Tokens whose signature, issuer and audience were verified, by digest: a member sends
    /// the same token with every heartbeat, and verifying a JWT (an HMAC and a JSON decoding)
    /// cost more than the rest of the heartbeat. Expiry and the principal are still checked
    /// on every request, below.
    private let verifiedTokens = Mutex<[SHA256Digest: TokenPayload]>([:])
    private let checkLimits: SecretCheckLimits

    public init(settings: ServerSettings, principals: any PrincipalStore, clock: any BatonClock) async throws {
        mode = settings.authentication
        self.principals = principals
        self.clock = clock
        tokenLifetime = settings.tokenLifetime
        checkLimits = SecretCheckLimits(rate: settings.secretCheckRate, clock: clock)
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: SymmetricKey(data: try await principals.signingKey())), digestAlgorithm: .sha256)
    }

    /// The principal of a request, or a failure saying why it has none.
    func authenticate(_ request: Request, from address: String?) async throws(Failure) -> Principal {
        guard mode == .required else { return .anonymous }
        if let authorization = request.headers[.authorization] {
            let (scheme, value) = Self.split(authorization)
            switch scheme?.lowercased() {
            case "basic":
                guard let (user, password) = TokenRequests.basicCredentials(value) else {
                    throw Failure(reason: "the Basic credentials are not base64 of user:password")
                }
                switch await checkSecret(.user, id: user, secret: password, from: address) {
                case .verified(let principal): return principal
                case .refused: throw Failure(reason: "unknown user or wrong password")
                case .limited(let retryAfter, let reason): throw Failure(reason: reason, retryAfter: retryAfter)
                }
            case "bearer":
                return try await principal(fromToken: value)
            case nil:
                // The HCX code sample sends the session token bare in Authorization.
                return try await principal(fromToken: value)
            default:
                throw Failure(reason: "the \(scheme!) authorization scheme is not supported; use Basic or Bearer")
            }
        }
        if let session = request.headers[.hcxAuthorization] {
            return try await principal(fromToken: session)
        }
        throw Failure(reason: "no credentials were sent")
    }

    /// Checks a user's password or a client's secret sent from `address`.
    func checkSecret(_ kind: Principal.Kind, id: String, secret: String, from address: String?) async -> SecretCheck {
        guard let record = try? await principals.principal(kind, id: id) else { return .refused }
        let digest = SHA256.hash(data: Data("\(kind.rawValue)\u{0}\(id)\u{0}\(secret)\u{0}\(record.secretHash)".utf8))
        if verified.withLock({ $0.contains(digest) }) { return .verified(record.principal) }
        if case .limited(let retryAfter, let reason) = checkLimits.admit(from: address) {
            return .limited(retryAfter: retryAfter, reason: reason)
        }
        // bcrypt takes a good fraction of a second: keep it off the cooperative threads.
        let matches = (try? await NIOThreadPool.singleton.runIfActive {
            SecretHasher.verify(secret, against: record.secretHash)
        }) ?? false
        checkLimits.finished(from: address, verified: matches)
        guard matches else { return .refused }
        verified.withLock {
            if $0.count >= Self.verifiedLimit { $0.removeAll() }
            $0.insert(digest)
        }
        return .verified(record.principal)
    }

    /// A signed token for `principal`, valid for the configured lifetime.
    func issueToken(for principal: Principal) async throws -> (token: String, lifetime: Duration) {
        let now = clock.now().wall
        let record = try await principals.principal(principal.kind, id: principal.id)
        let payload = TokenPayload(
            sub: .init(value: principal.id), iss: .init(value: TokenPayload.issuer),
            aud: .init(value: [TokenPayload.audience]), iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(tokenLifetime.timeInterval)),
            kind: principal.kind.rawValue, tenant: principal.tenant, role: principal.role.name,
            secret: record.map { Self.fingerprint($0.secretHash) } ?? "")
        return (try await keys.sign(payload), tokenLifetime)
    }

    /// The principal a token names, if its signature, issuer, audience and expiry hold and
    /// the principal still exists with the same secret (a removed principal's tokens, and
    /// those issued before its secret was replaced, stop working at once; a changed role
    /// applies at once).
    func principal(fromToken token: String) async throws(Failure) -> Principal {
        let payload: TokenPayload
        let digest = SHA256.hash(data: Data(token.utf8))
        if let known = verifiedTokens.withLock({ $0[digest] }) {
            payload = known
        } else {
            do {
                payload = try await keys.verify(token, as: TokenPayload.self)
            } catch {
                throw Failure(reason: "the token is not valid")
            }
            verifiedTokens.withLock {
                if $0.count >= Self.verifiedLimit { $0.removeAll() }
                $0[digest] = payload
            }
        }
        do {
            try payload.exp.verifyNotExpired(currentDate: clock.now().wall)
        } catch {
            throw Failure(reason: "the token has expired")
        }
        guard let kind = Principal.Kind(rawValue: payload.kind), kind != .anonymous,
              let record = try? await principals.principal(kind, id: payload.sub.value),
              record.principal.tenant == payload.tenant
        else {
            throw Failure(reason: "the token's principal no longer exists")
        }
        guard payload.secret == Self.fingerprint(record.secretHash) else {
            throw Failure(reason: "the token was issued before the principal's secret was replaced")
        }
        return record.principal
    }

    /// A short digest of the stored hash, carried in tokens; reveals nothing usable.
    static func fingerprint(_ secretHash: String) -> String {
        SHA256.hash(data: Data(secretHash.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// `scheme value` of an `Authorization` header, each without the spaces and tabs around
    /// it (the only whitespace HTTP allows there); no space means no scheme.
    static func split(_ header: String) -> (scheme: String?, value: String) {
        let trimmed = trimmingBlanks(header[...])
        guard let space = trimmed.firstIndex(of: " ") else { return (nil, String(trimmed)) }
        return (String(trimmed[..<space]), String(trimmingBlanks(trimmed[space...])))
    }

    private static func trimmingBlanks(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }
}

extension HTTPField.Name {
    static let hcxAuthorization = Self("x-hm-authorization")!
    static let wwwAuthenticate = Self("WWW-Authenticate")!
}
