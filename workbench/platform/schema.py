"""drf-spectacular extensions: the Api-Key security scheme."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "workbench.platform.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`Api-Key <key>`: the key is shown once, when the client is created in the admin.",
        }


ERRORS = {
    "400": "Invalid input: `detail` says what, and each bad field is listed with its messages.",
    "401": "No valid credentials.",
    "403": "Not allowed: no credentials, a revoked key, or not an editor.",
    "404": "No such object.",
    "413": "Request body too large.",
    "429": "Too many requests: retry after the `Retry-After` header's seconds.",
}
ANONYMOUS = {"/api/v1/health/", "/api/v1/schema/"}


def document_errors(result, generator, request, public):
    """Add the JSON error responses every operation can give, with one shared `Error` schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "additionalProperties": True,
    }
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["429"]
            if path not in ANONYMOUS:
                codes += ["401", "403", "400", "404"]
            if method in ("post", "put", "patch"):
                codes += ["413"]
            for code in codes:
                response = operation["responses"].setdefault(code, {"description": ERRORS[code]})
                response.setdefault("content", ref)
    return result
