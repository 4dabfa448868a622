import BatonCore
import Hummingbird

/// Baton's own endpoints: liveness of the coordinator itself and the API description.
struct ServiceController<Context: RequestContext> {
    func addRoutes(to routes: RecordingGroup<Context>) {
        routes.on(.get, "health") { _, _ in .json(.object(["Status": .string("Good")])) }
        routes.on(.get, "openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }
}
