"""The error answers an API's routes give whatever the route, written into its OpenAPI
document, so that a client can rely on the document's list of status codes."""

from typing import Any, ClassVar

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

Errors = dict[int, dict[str, Any]]

# The furthest a list may be paged: far beyond any list's length, and a larger number would
# overflow the database's integers.
MAX_OFFSET = 1_000_000

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
DETAIL_AND_ERRORS = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail", "errors"],
}


def error_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_error_responses(
    document: dict[str, Any],
    *,
    every_route: Errors,
    with_path_parameters: Errors,
    with_input: Errors,
) -> None:
    """Add the errors to every operation that does not already document them: those of
    every route, those of routes with a path parameter (an id that may name nothing), and
    those of routes taking input that is checked (a body, query parameters)."""
    for operations in document["paths"].values():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            errors = dict(every_route)
            if any(parameter["in"] == "path" for parameter in parameters):
                errors |= with_path_parameters
            if "requestBody" in operation or any(map(_may_be_invalid, parameters)):
                errors |= with_input
            responses = operation.setdefault("responses", {})
            for status, response in errors.items():
                if status not in responses and str(status) not in responses:
                    responses[status] = response


class ErrorsDocumentedAPI(NinjaAPI):
    """An API whose OpenAPI document gives every operation the errors the subclass names
    (see add_error_responses)."""

    every_route_errors: ClassVar[Errors] = {}
    path_parameter_errors: ClassVar[Errors] = {}
    input_errors: ClassVar[Errors] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        add_error_responses(
            document,
            every_route=self.every_route_errors,
            with_path_parameters=self.path_parameter_errors,
            with_input=self.input_errors,
        )
        return document


def _may_be_invalid(parameter: dict[str, Any]) -> bool:
    """Any text is a valid plain string path parameter (an id that names nothing is a 404);
    other parameters are checked."""
    schema = parameter.get("schema", {})
    checked = {"format", "pattern", "maxLength", "minLength", "enum"}
    return (
        parameter["in"] != "path" or schema.get("type") != "string" or bool(checked & set(schema))
    )
