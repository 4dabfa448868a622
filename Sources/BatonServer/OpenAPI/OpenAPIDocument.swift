/// The OpenAPI description of every endpoint Baton serves, served at `/openapi.yaml`.
/// `OpenAPIDocumentTests` fails when this and the registered routes disagree.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: Baton
  version: "1.0"
paths: {}
"""#
}
