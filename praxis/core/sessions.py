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

    def load(self) -> dict[str, Any]:
        """The session's data if it exists and has not expired (as Django's `load`); else an empty session and no
        key, so that a new one is created if anything is stored."""
        using = router.db_for_read(self.model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(self._select(using), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
