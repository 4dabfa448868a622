import BatonCore
import Hummingbird

/// Baton's own endpoints: liveness of the coordinator itself and the API description.
struct ServiceController<Context: RequestContext> {
    func addRoutes(to routes: RouterGroup<Context>) {
        routes.on("health", method: .get) { _, _ in Response.json(.object(["Status": .string("Good")])) }
        routes.on("openapi.yaml", method: .get) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}
