import BatonCore
import Hummingbird

/// The request context of every Baton route: who is asking, once authenticated, and from
/// where (for rate limits when nobody is authenticated).
public struct BatonRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal = .anonymous
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
