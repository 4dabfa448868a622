/// The OpenAPI description of every endpoint Baton serves, served at `/openapi.yaml`: the
/// bytes of `openapi.yaml` beside this file, compiled into the binary (`.embedInCode` in
/// Package.swift), so the server stays one file to deploy. `OpenAPIDocumentTests` holds it to
/// the registered routes and to the properties the answers carry.
enum OpenAPIDocument {
    static let bytes: [UInt8] = PackageResources.openapi_yaml
}
