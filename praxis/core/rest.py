"""What every app's `api.py` shares (the public REST API, `/api/v1/`, mounted by `praxis.api`).

An app's `api.py` is a thin shell like its views: it loads through the app's selectors and `*_visible_to` rules over
`request.actor` (the token's member, or the anonymous actor), writes through its services, and uses these helpers for
what is the same everywhere: scopes, cursor pagination with `Link` headers, ETags and `If-Match`, problem details.
The token itself is read by `praxis.api` (the only place that knows the token model); here a request only carries the
token's scopes (`request.api_scopes`, None when no token was sent).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Annotated, Any

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, Field

from .actor import Actor

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# The `limit` query field of every list: 1 to 100 rows a page, 20 by default (anything else is a 422).
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="Rows per page (1 to 100).")]
PROBLEM_TYPE = "https://praxis.invalid/problems/"  # a stable prefix for problem types, documented in docs/api.md


class ProblemError(Schema):
    location: str = Field(description="Where: `query.limit`, `body.title`, `body.people.2`...")
    message: str
    code: str


class Problem(Schema):
    """RFC 9457 problem details (`application/problem+json`), in the caller's language."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemError] | None = None


# The problems every operation may answer, declared in the OpenAPI schema: `response={200: X, **PROBLEMS}`.
# 400 a body that is not JSON, 401 invalid token, 403 scope or rule, 404 not found or not visible, 413 body too
# large, 422 bad input, 429 rate limit.
PROBLEMS: dict[int, type[Problem]] = {status: Problem for status in (400, 401, 403, 404, 413, 422, 429)}
# Updates also answer 412 (stale `If-Match`) and 428 (no `If-Match`).
UPDATE_PROBLEMS: dict[int, type[Problem]] = {**PROBLEMS, 412: Problem, 428: Problem}


class ApiProblem(Exception):
    """An answer in RFC 9457 problem details: `status`, a short `title`, a `detail` for this occurrence (both already
    translated into the caller's language), a `kind` (the last part of the `type` URI), optional `errors` (one per
    faulty field) and headers (`Retry-After`...)."""

    def __init__(self, status: int, title: str, detail: str = "", *, kind: str = "", errors: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.errors = errors or []
        self.headers = headers or {}


def invalid_field(location: str, message: str = "") -> ApiProblem:
    """A 422 about one field (`body.institution`): `message`, by default "unknown, or not yours to choose" — the
    API does not tell an institution that exists from one the caller may not use."""
    message = message or _("This value is unknown, or not one you may choose.")
    return ApiProblem(422, _("Invalid input"), message, kind="invalid-input",
                      errors=[{"location": location, "message": message, "code": "invalid"}])


def actor_of(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]  # set by praxis.api for every API request
    return actor


def scope_granted(scopes: Collection[str], scope: str) -> bool:
    """`read` grants every `<area>:read`, `write` every `<area>:write`; an area scope grants only itself."""
    _area, _sep, access = scope.partition(":")
    return scope in scopes or access in scopes


def require_scope(request: HttpRequest, scope: str) -> Actor:
    """The actor the call acts for, once the token holds `scope`. Without a token, reads act as the anonymous visitor
    (who sees what anyone sees), writes are refused (401)."""
    scopes: frozenset[str] | None = getattr(request, "api_scopes", None)
    if scopes is None:
        if not scope.endswith(":read"):
            raise ApiProblem(401, _("Authentication required"),
                             _("Send a personal access token: Authorization: Bearer <token>."), kind="unauthenticated")
        return actor_of(request)
    if not scope_granted(scopes, scope):
        raise ApiProblem(403, _("Insufficient scope"),
                         _("This token does not hold the scope “%(scope)s”.") % {"scope": scope},
                         kind="insufficient-scope")
    return actor_of(request)


def require_member(request: HttpRequest, scope: str) -> Actor:
    """As `require_scope`, for resources that only exist for a signed-in member (their own notifications, CPD record,
    registrations). An institution's system (client credentials) acts for the institution, never as its registering
    admin's person: it has no such resource (403)."""
    if getattr(request, "api_scopes", None) is None:
        raise ApiProblem(401, _("Authentication required"),
                         _("Send a personal access token: Authorization: Bearer <token>."), kind="unauthenticated")
    actor = require_scope(request, scope)
    if getattr(actor, "bound_institution_id", None) is not None:
        raise ApiProblem(403, _("Forbidden"), _("An institution's system has no personal record: use a member's "
                                                "token."), kind="forbidden")
    return actor


# --- Cursor pagination -------------------------------------------------------------------------------------------


def _cursor_salt(request: HttpRequest) -> str:
    return f"praxis.api.cursor:{request.path}"


def _position(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _value_at(row: Any, key: str) -> Any:
    """`event__starts_at` read on a row: its event's `starts_at` (a `values()` row: its `event__starts_at`)."""
    if isinstance(row, dict):
        return row[key]
    for part in key.split("__"):
        row = getattr(row, part)
    return row


def paginate[R: Model | dict[str, Any]](
    request: HttpRequest, response: HttpResponse, queryset: QuerySet[Any, R], *, key: str, limit: int,
    cursor: str = "", descending: bool = False,
) -> list[R]:
    """One page by key (`key`, id) — never OFFSET, however deep. The next page's address goes in a `Link` header
    (rel="next"), with a cursor signed for this path: a cursor tampered with, or taken from another list, is a 422.
    Rows are instances, or the dicts of `values()` (which must read `pk` and `key`)."""
    after = read_cursor(request, cursor) if cursor else None
    rows = list(page_of(queryset, key=key, limit=limit, after=after, descending=descending))
    return next_page_link(request, response, rows, key=key, limit=limit)


def read_cursor(request: HttpRequest, cursor: str) -> tuple[str | int | float, int]:
    """The (key, id) a signed cursor of this path holds; anything else is a 422."""
    try:
        value, pk = signing.loads(cursor, salt=_cursor_salt(request))
    except (signing.BadSignature, ValueError, TypeError):
        raise ApiProblem(422, _("Invalid cursor"), _("Use the cursor of a Link header as it was given."),
                         kind="invalid-cursor") from None
    if not isinstance(pk, int) or not isinstance(value, str | int | float):
        raise ApiProblem(422, _("Invalid cursor"), _("Use the cursor of a Link header as it was given."),
                         kind="invalid-cursor")
    return value, pk


def page_of[R](queryset: QuerySet[Any, R], *, key: str, limit: int, after: tuple[Any, int] | None = None,
               descending: bool = False) -> QuerySet[Any, R]:
    """The rows after the cursor's (key, id), in the list's order, one more than a page (is there a next page?)."""
    if after is not None:
        value, pk = after
        op = "lt" if descending else "gt"
        queryset = queryset.filter(Q(**{f"{key}__{op}": value}) | Q(**{key: value, f"pk__{op}": pk}))
    order = (f"-{key}", "-pk") if descending else (key, "pk")
    return queryset.order_by(*order)[: limit + 1]


def next_page_link[R](request: HttpRequest, response: HttpResponse, rows: list[R], *, key: str, limit: int) -> list[R]:
    """A page's rows (`page_of`'s one more left out) and, when there are more, the `Link` to the next page."""
    more = len(rows) > limit
    rows = rows[:limit]
    if more and rows:
        last = rows[-1]
        params = request.GET.copy()
        position = [_position(_value_at(last, key)), _value_at(last, "pk")]
        params["cursor"] = signing.dumps(position, salt=_cursor_salt(request), compress=True)
        params["limit"] = str(limit)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{params.urlencode()}>; rel="next"'
    return rows


# --- ETags ----------------------------------------------------------------------------------------------------------


def etag_of(content: bytes) -> str:
    """A strong validator: the hash of the exact bytes sent (the same JSON twice is the same representation)."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def representation_etag(representation: BaseModel) -> str:
    """The ETag a GET of this representation answers with (ninja renders it with the same encoder)."""
    return etag_of(json.dumps(representation.model_dump(), cls=NinjaJSONEncoder).encode())


def check_if_match(request: HttpRequest, current: BaseModel) -> None:
    """No lost update: a write must name the representation it read (`If-Match: <ETag>`): 428 without it, 412 when
    someone changed the object since."""
    header = request.headers.get("If-Match", "")
    if not header:
        raise ApiProblem(428, _("Precondition required"),
                         _("Send the ETag of the version you read in an If-Match header."),
                         kind="precondition-required")
    tags = {tag.strip() for tag in header.split(",")}
    if "*" not in tags and representation_etag(current) not in tags:
        raise ApiProblem(412, _("Changed since you read it"),
                         _("Someone changed this object after you read it: read it again, then retry."),
                         kind="precondition-failed")
