"""Refusals from request validation name their provision, as the domain's refusals do (§8).

A request schema states the provision behind a field's limit where it declares the limit:
`Field(..., json_schema_extra=cite("konfliktrådsloven §17 fourth para"))`, and the provision
behind the whole request on the model: `ConfigDict(json_schema_extra=cite("… §17"))`. Both show
in the OpenAPI document as `legal_basis`. When a request is refused, `validation_refused`
walks each error's location through the route's models and answers, besides FastAPI's usual
`detail`, the provisions (`legal_basis`) and a reason naming each field — the innermost
citation along the path wins, so a field's own provision beats its model's.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic.fields import FieldInfo

LEGAL_BASIS = "legal_basis"

__all__ = ["LEGAL_BASIS", "citation_of", "cite", "validation_refused"]


def cite(provision: str) -> dict[str, Any]:
    """The `json_schema_extra` that states a field's or a model's provision."""
    return {LEGAL_BASIS: provision}


def citation_of(extra: Any) -> str | None:
    if isinstance(extra, dict):
        found = extra.get(LEGAL_BASIS)
        return found if isinstance(found, str) else None
    return None


def _model_citation(model: type[BaseModel]) -> str | None:
    return citation_of(model.model_config.get("json_schema_extra"))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation may hold: through Optional, unions, lists, dicts, Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    if origin is Annotated:
        return _models_in(get_args(annotation)[0])
    if origin in (Union, types.UnionType, list, tuple, set, frozenset, Sequence, Iterable):
        return [model for arg in get_args(annotation) for model in _models_in(arg)]
    if origin is dict:
        args = get_args(annotation)
        return _models_in(args[1]) if len(args) == 2 else []
    return []


def _walk(annotation: Any, path: Sequence[Any], found: str | None, field_cited: bool) -> str | None:
    """The innermost citation along `path` (field names and list indexes) from `annotation`.

    A field's own citation beats the citation of the model it holds (`committee` cited for a
    revocation stays a revocation's, though the committee model cites its appointment)."""
    models = _models_in(annotation)
    if not field_cited:
        for model in models:
            found = _model_citation(model) or found
    if not path:
        return found
    step, rest = path[0], path[1:]
    if not isinstance(step, str):  # a list index or a dict key: the same models go on
        return _walk(annotation, rest, found, field_cited)
    for model in models:
        field = model.model_fields.get(step)
        if field is not None:
            own = citation_of(field.json_schema_extra)
            return _walk(field.annotation, rest, own or found, own is not None)
    return _walk(annotation, rest, found, field_cited)  # a union member's tag: skip it


def _params(route: Any, kind: str) -> list[Any]:
    dependant = getattr(route, "dependant", None)
    found: list[Any] = []
    stack = [dependant] if dependant is not None else []
    while stack:
        current = stack.pop()
        found.extend(getattr(current, kind, []))
        stack.extend(getattr(current, "dependencies", []))
    return found


def _citation_for(route: Any, loc: Sequence[Any]) -> str | None:
    if not loc:
        return None
    where, path = loc[0], list(loc[1:])
    kind = {"body": "body_params", "query": "query_params", "path": "path_params"}.get(where)
    if kind is None:
        return None
    params = _params(route, kind)
    if where == "body" and len(params) == 1 and not getattr(params[0].field_info, "embed", False):
        info: FieldInfo = params[0].field_info  # the one body model: its fields are the path
        own = citation_of(info.json_schema_extra)
        return _walk(info.annotation, path, own, own is not None)
    for param in params:
        if path and param.name == path[0]:
            info = param.field_info
            own = citation_of(info.json_schema_extra)
            return _walk(info.annotation, path[1:], own, own is not None)
    return None


def _where(loc: Sequence[Any]) -> str:
    return ".".join(str(step) for step in loc[1:]) or str(loc[0] if loc else "request")


async def validation_refused(request: Request, exc: Exception) -> JSONResponse:
    """422 with the provisions the refused fields rest on, FastAPI's `detail` kept."""
    assert isinstance(exc, RequestValidationError)
    route = request.scope.get("route")
    errors = list(exc.errors())
    cited: list[str] = []
    reasons: list[str] = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        provision = _citation_for(route, loc)
        if provision:
            error[LEGAL_BASIS] = provision
            cited.append(provision)
        reasons.append(f"{_where(loc)}: {error.get('msg', 'invalid')}")
    content = {
        LEGAL_BASIS: "; ".join(dict.fromkeys(cited)),
        "reason": "; ".join(reasons),
        "detail": jsonable_encoder(errors),
    }
    return JSONResponse(status_code=422, content=content)
