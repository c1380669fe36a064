"""The session engine (`SESSION_ENGINE`): Django's database sessions, read with one precompiled statement.

Every signed-in request reads its session. Django builds that read with the ORM (`Session.objects.get(...)`), which
cost 0.24 ms of CPU per request for a query PostgreSQL answers from its primary key in microseconds; the same SELECT
sent through a cursor costs a fraction of it (issue 22, `bench/profile_page.py --chrome`). Same table, same rows,
same expiry rule: writing, deleting, `clear_expired` and allauth's "sign out this session" are Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

_sql: dict[str, str] = {}


class SessionStore(db.SessionStore):
    def _select(self, using: str) -> str:
        found = _sql.get(using)
        if found is None:
            meta, qn = self.model._meta, connections[using].ops.quote_name
            data, key, expires = (qn(meta.get_field(name).column)  # type: ignore[union-attr,arg-type]
                                  for name in ("session_data", "session_key", "expire_date"))
            table = qn(meta.db_table)
            found = _sql[using] = f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s"  # noqa: S608
        return found

    def _statement(self) -> tuple[str, list[Any]]:
        using = router.db_for_read(self.model)
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        return self._select(using), [self.session_key, now]

    def load(self) -> dict[str, Any]:
        """The session's data if it exists and has not expired (as Django's `load`); else an empty session and no
        key, so that a new one is created if anything is stored."""
        sql, params = self._statement()
        with connections[router.db_for_read(self.model)].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return self._loaded(row)

    def _loaded(self, row: tuple[Any, ...] | None) -> dict[str, Any]:
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    def preload_statement(self) -> tuple[str, list[Any]]:
        """The statement `load` runs, for `praxis.core.authentication` to send it with the member's reads."""
        return self._statement()

    def preload(self, rows: list[tuple[Any, ...]]) -> None:
        """The session as `load` would have read it, from the rows of `preload_statement` (before anything is read)."""
        if not hasattr(self, "_session_cache"):
            self._session_cache = self._loaded(rows[0] if rows else None)
