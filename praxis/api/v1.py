"""The public REST API, version 1 (`/api/v1/`): django-ninja, one router per app from the app's own `api.py`.

What is the same for every call is here: the bearer token (the only credential the API accepts — a browser session
is ignored, so no cross-site request can ride on it), rate limits, unknown query fields refused, ETags and
`304 Not Modified`, and every error as RFC 9457 problem details in the caller's language (`Accept-Language`)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer

from praxis.content import api as content_api
from praxis.core.actor import Actor
from praxis.core.rest import PROBLEM_TYPE, ApiProblem, etag_of
from praxis.cpd import api as cpd_api
from praxis.events import api as events_api
from praxis.institutions import api as institutions_api
from praxis.jobs import api as jobs_api
from praxis.learning import api as learning_api
from praxis.notifications import api as notifications_api

from . import ratelimit, rules, selectors, services
from .models import TOKEN_PREFIX

DESCRIPTION = """Praxis's public API: what a member may read and do in the browser, for their own systems.

Authenticate with a personal access token (`Authorization: Bearer prx_…`, created on *Compte → Accès à l'API*);
without one, reads answer as an anonymous visitor. Lists are paginated by cursor (`Link: <…>; rel="next"`, `limit`
at most 100); reads carry an `ETag` (send `If-None-Match` for a `304`), updates need `If-Match` (`412` when stale).
Errors are `application/problem+json` (RFC 9457) in the language of `Accept-Language` (fr, nl, en).
Rate limits: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`; a `429` says `Retry-After`.
See docs/api.md."""


class _Anonymous:
    """What the authentication answers for a call without credentials: reads go on as the anonymous visitor."""

    def __repr__(self) -> str:
        return "<anonymous>"


ANONYMOUS = _Anonymous()


def _invalid_token() -> ApiProblem:
    return ApiProblem(401, _("Invalid token"), _("This token is unknown, expired or revoked."), kind="invalid-token",
                      headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal access token>`; no header at all is the anonymous visitor."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if not header:
            return ANONYMOUS
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise _invalid_token()
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(TOKEN_PREFIX):
            return self._oauth(request, token)
        found = selectors.token_by_secret(token)
        if found is None or not rules.token_opens_api(found):
            raise _invalid_token()
        request.actor = Actor(found.user)  # type: ignore[attr-defined]
        request.api_scopes = frozenset(found.scopes)  # type: ignore[attr-defined]
        services.token_used(found)
        return found

    def _oauth(self, request: HttpRequest, token: str) -> Any:
        """An application's OAuth2 access token (django-oauth-toolkit): its member, or its institution's system."""
        found = selectors.oauth_token_by_secret(token)
        if not rules.oauth_token_opens_api(found):
            raise _invalid_token()
        request.actor = rules.actor_for_oauth_token(found)  # type: ignore[attr-defined]
        request.api_scopes = frozenset(found.scope.split())  # type: ignore[attr-defined]
        return found


def problem_response(request: HttpRequest, problem: ApiProblem) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + problem.kind if problem.kind else "about:blank",
        "title": problem.title, "status": problem.status, "detail": problem.detail, "instance": request.path,
    }
    if problem.errors:
        body["errors"] = problem.errors
    response = HttpResponse(json.dumps(body, cls=NinjaJSONEncoder), status=problem.status,
                            content_type="application/problem+json")
    for name, value in problem.headers.items():
        response[name] = value
    return response


class PraxisAPI(NinjaAPI):
    """Ninja's API, whose OpenAPI schema says what is really sent: problems as `application/problem+json`."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None,
                           ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for answer in operation.get("responses", {}).values():
                    content = answer.get("content", {})
                    body = content.get("application/json", {})
                    if body.get("schema", {}).get("$ref", "").endswith("/Problem"):
                        answer["content"] = {"application/problem+json": body}
        return schema


api = PraxisAPI(
    title="Praxis API", version="1", description=DESCRIPTION, urls_namespace="api-v1", auth=TokenAuth(),
    docs_url="/docs",
)


@api.exception_handler(ApiProblem)
def _on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(request, exc)


def _location(parts: Any) -> str:
    """`body.title`, `query.limit`: ninja names the body parameter too (`body.body.title`); the caller never saw it."""
    parts = [str(part) for part in parts]
    if len(parts) > 2 and parts[0] == "body":
        parts = [parts[0], *parts[2:]]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def _on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"location": _location(error.get("loc", ())), "message": error.get("msg", ""),
               "code": error.get("type", "")} for error in exc.errors]
    return problem_response(request, ApiProblem(
        422, _("Invalid input"), _("Some fields are missing or not of the expected type."), kind="invalid-input",
        errors=errors))


@api.exception_handler(DjangoValidationError)
def _on_rejected_by_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [{"location": f"body.{field}", "message": str(message), "code": "invalid"}
                  for field, messages in exc.message_dict.items() for message in messages]
    else:
        errors = [{"location": "body", "message": str(message), "code": "invalid"} for message in exc.messages]
    return problem_response(request, ApiProblem(
        422, _("Invalid input"), _("The request was refused: see the errors."), kind="invalid-input", errors=errors))


@api.exception_handler(AuthenticationError)
def _on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(request, _invalid_token())


@api.exception_handler(Http404)
def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, ApiProblem(404, _("Not found"), _("Nothing here, or nothing you may see."),
                                                kind="not-found"))


@api.exception_handler(PermissionDenied)
def _on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, ApiProblem(403, _("Forbidden"), _("Your account may not do this."),
                                                kind="forbidden"))


@api.exception_handler(RequestDataTooBig)
def _on_body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem_response(request, ApiProblem(413, _("Request too large"),
                                                _("The body is over the size limit."), kind="too-large"))


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's only one: a body that is not JSON
        return problem_response(request, ApiProblem(400, _("Malformed request"), _("The body is not valid JSON."),
                                                    kind="malformed"))
    return problem_response(request, ApiProblem(exc.status_code, str(exc)))


def _query_names(operation: Any) -> frozenset[str]:
    names: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) == "query":
            flatten = getattr(model, "__ninja_flatten_map__", None) or {}
            names |= set(flatten) or set(model.model_fields)
    return frozenset(names)


def _finish(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """ETag on successful reads, `304` when the caller already holds it; caching only by the caller itself."""
    response["Cache-Control"] = "private, no-cache" if getattr(request, "api_scopes", None) is not None else "no-cache"
    patch_vary_headers(response, ("Authorization", "Accept-Language"))
    response["Content-Language"] = get_language() or "fr"
    if request.method in ("GET", "HEAD") and response.status_code == 200 and isinstance(response, HttpResponse):
        etag = response.get("ETag") or etag_of(response.content)
        response["ETag"] = etag
        held = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",") if tag.strip()}
        if etag in held or "*" in held:
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Vary", "Content-Language"):
                not_modified[name] = response[name]
            return not_modified
    return response


# A JSON string holding U+0000 (`\u0000`, not an escaped backslash before it).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _fields_with_nul(request: HttpRequest) -> list[str]:
    """Where NUL characters were sent: no text may hold one (PostgreSQL cannot store or even compare it), so they are
    refused up front, as the pages' forms refuse them."""
    found = [f"query.{name}" for name, values in request.GET.lists() if any("\x00" in value for value in values)]
    if request.method in ("POST", "PUT", "PATCH"):
        try:
            body = request.body
        except RequestDataTooBig:
            return found  # ninja answers 413 when it reads the body
        if b"\x00" in body or _JSON_NUL.search(body):
            found.append("body")
    return found


def _api_call(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around every operation, before ninja reads its parameters: the caller starts anonymous (the token, if any, is
    read by `TokenAuth`), the rate limit is counted, unknown query fields are refused (a typo must not silently
    widen a list)."""
    allowed = _query_names(getattr(run, "__self__", None))

    @functools.wraps(run)
    def call(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        request.actor = Actor(None)  # type: ignore[attr-defined]
        request.api_scopes = None  # type: ignore[attr-defined]
        standing = ratelimit.hit(request)
        response: HttpResponseBase
        if standing.exceeded:
            response = problem_response(request, ApiProblem(
                429, _("Too many requests"),
                _("Wait %(seconds)d seconds before the next call.") % {"seconds": standing.retry_after()},
                kind="rate-limited", headers={"Retry-After": str(standing.retry_after())}))
        elif unknown := sorted(set(request.GET) - allowed):
            response = problem_response(request, ApiProblem(
                422, _("Invalid input"), _("Unknown query fields: %(fields)s.") % {"fields": ", ".join(unknown)},
                kind="invalid-input",
                errors=[{"location": f"query.{name}", "message": _("Unknown field."), "code": "unknown_field"}
                        for name in unknown]))
        elif with_nul := _fields_with_nul(request):
            message = _("Text cannot contain NUL characters.")
            response = problem_response(request, ApiProblem(
                422, _("Invalid input"), message, kind="invalid-input",
                errors=[{"location": location, "message": message, "code": "nul_character"} for location in with_nul]))
        else:
            response = run(request, *args, **kwargs)
        for name, value in standing.headers().items():
            response[name] = value
        return _finish(request, response)

    return call


api.add_decorator(_api_call, mode="view")
api.add_router("", content_api.router)
api.add_router("", events_api.router)
api.add_router("", jobs_api.router)
api.add_router("", institutions_api.router)
api.add_router("", notifications_api.router)
api.add_router("", cpd_api.router)
api.add_router("", learning_api.router)
