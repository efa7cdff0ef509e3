"""`GET /api/docs`: the API's reference as one HTML page, made on the server from the app's
own OpenAPI schema, so it is never out of date and needs nothing from another site: no
script at all (the Content-Security-Policy allows none inline), one stylesheet from this
server, and a template that escapes everything it is given."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from eventwire.api.errors import ErrorBody

router = APIRouter(prefix="/api", tags=["meta"])

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("eventwire.api", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    page = _environment().get_template("docs.html").render(
        title=schema["info"]["title"], version=schema["info"]["version"],
        description=schema["info"].get("description", ""),
        operations=operations(schema),
        error_shape=json.dumps(ErrorBody.model_json_schema(), indent=2))
    return HTMLResponse(page)


@router.get("/docs.css", include_in_schema=False)
def stylesheet() -> Response:
    css = resources.files("eventwire.api").joinpath("static/docs.css").read_text("utf-8")
    return Response(css, media_type="text/css")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the schema, flattened for the template."""
    found = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is not None:
                found.append(_operation(schema, path, method, operation))
    return found


def _operation(schema: dict[str, Any], path: str, method: str,
               operation: dict[str, Any]) -> dict[str, Any]:
    body = operation.get("requestBody", {}).get("content", {})
    return {
        "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
        "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
        "description": operation.get("description", ""), "tags": operation.get("tags", []),
        "parameters": [_parameter(schema, p) for p in operation.get("parameters", [])],
        "body": list(body),
        "responses": [{"status": status, "description": r.get("description", ""),
                       "media": list(r.get("content", {})),
                       "schema": _schema_name(next(iter(r.get("content", {}).values()), {})
                                              .get("schema", {}))}
                      for status, r in operation.get("responses", {}).items()],
    }


def _parameter(schema: dict[str, Any], parameter: dict[str, Any]) -> dict[str, Any]:
    shape = _resolved(schema, parameter.get("schema", {}))
    return {"name": parameter["name"], "in": parameter["in"],
            "required": parameter.get("required", False), "type": _type_text(shape),
            "default": shape.get("default"),
            "description": parameter.get("description") or shape.get("description", "")}


def _resolved(schema: dict[str, Any], shape: dict[str, Any]) -> dict[str, Any]:
    ref = shape.get("$ref")
    if ref:
        return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return shape


def _type_text(shape: dict[str, Any]) -> str:
    """'string', 'integer >= 1', 'one of: a, b', 'date', 'array of string' ..."""
    if "anyOf" in shape:
        return " or ".join(_type_text(s) for s in shape["anyOf"] if s.get("type") != "null")
    if "enum" in shape:
        return "one of: " + ", ".join(map(str, shape["enum"]))
    if "const" in shape:
        return repr(shape["const"])
    kind = shape.get("format") or shape.get("type", "any")
    if kind == "array":
        return "array of " + _type_text(shape.get("items", {}))
    bounds = [f"{op} {shape[key]}" for key, op in (("minimum", ">="), ("maximum", "<="),
                                                   ("exclusiveMinimum", ">"))
              if key in shape]
    return " ".join([str(kind), *bounds])


def _schema_name(shape: dict[str, Any]) -> str:
    if "$ref" in shape:
        return shape["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in shape:
        return " or ".join(_schema_name(s) for s in shape["anyOf"])
    if shape.get("type") == "array":
        return "list of " + _schema_name(shape.get("items", {}))
    return str(shape.get("type", ""))
