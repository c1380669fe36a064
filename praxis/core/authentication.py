"""`request.user` for every request (Django's `AuthenticationMiddleware`), with the member read by a precompiled
statement instead of the ORM.

Django's model backends read the signed-in member with `User.objects.get(pk=...)`: building that query cost 0.27 ms
of CPU on every signed-in request, several times what PostgreSQL spends answering it (issue 22). Here the same SELECT
is compiled once per process (praxis/core/compiled.py) and the row becomes a `User` as the ORM would make it. The
rules are Django's own, in the same order (`django.contrib.auth.get_user`, repeated below): the session must name a
backend that is still configured; an inactive member is nobody; the session's hash of the password must match (or
match under a fallback secret key, then the session is re-keyed), else the session is flushed. A session made by
another backend (none today) goes through Django's `get_user` unchanged.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .compiled import CompiledQuery

# Backends whose `get_user(pk)` is exactly ModelBackend's: the default manager's row, if it may authenticate.
MODEL_BACKENDS = frozenset({"django.contrib.auth.backends.ModelBackend",
                            "allauth.account.auth_backends.AuthenticationBackend"})

_member = CompiledQuery(lambda marker: get_user_model()._default_manager.filter(pk=marker))


def get_user(request: HttpRequest) -> Any:
    try:
        user_id = auth._get_user_session_key(request)  # type: ignore[attr-defined]  # Django's own reader
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in MODEL_BACKENDS or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    found = _member.instances(user_id)
    user = found[0] if found and ModelBackend().user_can_authenticate(found[0]) else None
    if user is None:
        return AnonymousUser()
    # Verify the session (as django.contrib.auth.get_user).
    session_hash = request.session.get(HASH_SESSION_KEY)
    session_auth_hash = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, session_auth_hash):
        return user
    if session_hash and any(constant_time_compare(session_hash, fallback_auth_hash)
                            for fallback_auth_hash in user.get_session_auth_fallback_hash()):
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = session_auth_hash
        return user
    request.session.flush()
    return AnonymousUser()


def _cached_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # its checks and `request.auser`
        request.user = SimpleLazyObject(lambda: _cached_user(request))  # type: ignore[assignment]
