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

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.db import connections, router
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .compiled import CompiledQuery, read_together
from .sessions import SessionStore

# Backends whose `get_user(pk)` is exactly ModelBackend's: the default manager's row, if it may authenticate.
MODEL_BACKENDS = frozenset({"django.contrib.auth.backends.ModelBackend",
                            "allauth.account.auth_backends.AuthenticationBackend"})

_member = CompiledQuery(lambda marker: get_user_model()._default_manager.filter(pk=marker))


@dataclass(frozen=True)
class MemberRead:
    query: Callable[[], CompiledQuery]  # the query of one member id (a callable: a registry may compile it anew)
    stamp: Callable[[], Any] | None  # taken before the read; the reader compares it to know the rows are still current


# Reads of the signed-in member that every page makes (memberships, the bell), registered by the modules that own
# them and sent with the member's own row in one round trip (issue 22). The rows are kept on the member instance of
# this request only (`kept_with_member`), each taken once; nothing is kept across requests.
_member_reads: dict[str, MemberRead] = {}

# Session key -> member id of the sessions this process signed in: only a guess of whose rows to read together with the
# session itself; they are used only when the session read in that same round trip names that member (else read again).
_owners: dict[str, int] = {}
OWNERS_KEPT = 20_000


def register_member_read(name: str, query: Callable[[], CompiledQuery], *, stamp: Callable[[], Any] | None = None
                         ) -> None:
    _member_reads[name] = MemberRead(query, stamp)


def kept_with_member(user: Any, name: str) -> tuple[list[tuple[Any, ...]], Any] | None:
    """The rows of a registered read made with this member's row (and the stamp taken before), once; None when not
    read with it (SQLite, Django's own `get_user`, a member instance from elsewhere) or already taken."""
    kept = getattr(user, "__dict__", {}).get("_read_with_member")
    return kept.pop(name, None) if kept else None


def _read_with(first: list[tuple[str, list[Any]]], pk: int, using: str) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """`first` statements, then the member's row and the registered reads of the member, in one round trip: (the rows
    of `first`, the member instances, {read: (rows, stamp)})."""
    stamps = {name: read.stamp() if read.stamp else None for name, read in _member_reads.items()}
    statements = [*first, _member.statement(pk, using)]
    statements += [read.query().statement(pk, using) for read in _member_reads.values()]
    results = read_together(statements, using)
    found = results[len(first)]
    reads = {name: (rows, stamps[name]) for name, rows in zip(_member_reads, results[len(first) + 1:], strict=True)}
    return results[: len(first)], _member.instances_of(found, using), reads


def _read_member(user_id: Any, using: str) -> tuple[list[Any], dict[str, Any]]:
    """The member's row and the registered reads of the member, in one round trip."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return _member.instances(user_id), {}
    _none, found, reads = _read_with([], pk, using)
    return found, reads


def _preload(request: HttpRequest, using: str) -> tuple[Any, list[Any], dict[str, Any]] | None:
    """Session, member and the member's reads in one round trip, when this process has signed in that session before
    (PostgreSQL): (the owner guessed, member rows, reads) — used by `get_user` only if the session names that owner."""
    session = request.session
    key = session.session_key
    owner = _owners.get(key) if key else None
    if owner is None or not isinstance(session, SessionStore) or connections[using].vendor != "postgresql":
        return None
    (session_rows,), found, reads = _read_with([session.preload_statement()], owner, using)
    session.preload(session_rows)
    return owner, found, reads


def get_user(request: HttpRequest) -> Any:
    using = router.db_for_read(get_user_model())
    preloaded = _preload(request, using)
    try:
        user_id = auth._get_user_session_key(request)  # type: ignore[attr-defined]  # Django's own reader
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in MODEL_BACKENDS or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    if preloaded is not None and preloaded[0] == user_id:
        found, reads = preloaded[1], preloaded[2]
    else:
        found, reads = _read_member(user_id, using)
    user = found[0] if found and ModelBackend().user_can_authenticate(found[0]) else None
    if user is None:
        return AnonymousUser()
    # Verify the session (as django.contrib.auth.get_user).
    session_hash = request.session.get(HASH_SESSION_KEY)
    session_auth_hash = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, session_auth_hash):
        return _signed_in(request, user, reads)
    if session_hash and any(constant_time_compare(session_hash, fallback_auth_hash)
                            for fallback_auth_hash in user.get_session_auth_fallback_hash()):
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = session_auth_hash
        return _signed_in(request, user, reads)
    request.session.flush()
    return AnonymousUser()


def _signed_in(request: HttpRequest, user: Any, reads: dict[str, Any]) -> Any:
    user._read_with_member = reads
    _remember(request, user)
    return user


def remember_owner(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: the new session's owner (its key is final once Django's `login` has run)."""
    if request is not None and hasattr(request, "session"):
        _remember(request, user)


def _remember(request: HttpRequest, user: Any) -> None:
    key = request.session.session_key
    if key and _owners.get(key) != user.pk:
        if len(_owners) >= OWNERS_KEPT:
            with contextlib.suppress(RuntimeError, StopIteration):  # another thread changed it meanwhile
                _owners.pop(next(iter(_owners)), None)
        _owners[key] = user.pk


def _cached_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # its checks and `request.auser`
        request.user = SimpleLazyObject(lambda: _cached_user(request))  # type: ignore[assignment]
