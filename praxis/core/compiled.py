"""Queries that every request runs, compiled to SQL once per process and then only executed.

Building a query with the ORM costs far more CPU than running it: the bell's COUNT took 0.26 ms of CPU to build and
read, the same SQL sent through a cursor 0.04 ms (`bench/profile_page.py --chrome`, issue 22). The chrome of a
member's page (memberships, bell) runs the same few queries on every request, only the member's id changes: those are
built once with the ORM (so they follow the models and the apps' selectors), compiled per database, and then executed
with the member's id in the place of a marker value.

`rows()` and `count()` are for queries whose columns need no conversion from the database (integers, text): the rows
come back as the driver gives them. `instances()` makes model instances of a plain `Model.objects.filter(...)`, with the
fields' converters applied as the ORM does.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# A value no real id takes; the compiled parameters that equal it are the places of the id.
MARKER = -7_654_321_098_765


def _holds_time(query: Any) -> bool:
    """Whether a query (or one of its union's parts) compares with a date or time value."""

    def in_node(node: Any) -> bool:
        for child in getattr(node, "children", ()):
            if in_node(child):
                return True
        return isinstance(getattr(node, "rhs", None), (datetime.date, datetime.time, datetime.timedelta))

    return in_node(query.where) or any(_holds_time(part) for part in query.combined_queries)


class CompiledQuery:
    """`CompiledQuery(lambda marker: Model.objects.filter(owner_id=marker).values_list(...))`, then
    `.rows(owner_id)` or, built with `count=True`, `.count(owner_id)`."""

    def __init__(self, build: Callable[[int], QuerySet[Any]], *, count: bool = False) -> None:
        self.build = build
        self.counts = count
        self._compiled: dict[str, tuple[str, list[Any], list[int]]] = {}
        self._models: dict[str, tuple[Any, Any, list[str]]] = {}

    def _sql(self, using: str) -> tuple[str, list[Any], list[int]]:
        found = self._compiled.get(using)
        if found is None:
            queryset = self.build(MARKER)
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            places = [i for i, param in enumerate(params) if isinstance(param, int) and param == MARKER]
            if _holds_time(queryset.query):
                # Compiled once, such a value would stay the one of the process's first request (a "now").
                raise ValueError(f"a compiled query cannot hold a date or time: {sql}")
            if not places:
                raise ValueError(f"the marker is not a parameter of {sql}")
            if self.counts:
                sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 - the ORM's SQL, values are parameters
            # What turns a row into an instance: the columns' converters and the model's field names, in order.
            fields = [column[0] for column in compiler.select[: compiler.col_count]]
            names = [getattr(getattr(field, "target", None), "attname", "") for field in fields]
            self._models[using] = (compiler, compiler.get_converters(fields), names)
            found = self._compiled[using] = (sql, list(params), places)
        return found

    def rows(self, value: int, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        sql, params, places = self._sql(using)
        params = list(params)
        for place in places:
            params[place] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def instances(self, value: int, using: str = DEFAULT_DB_ALIAS) -> list[Any]:
        """The model instances of a `Model.objects.filter(...)` (every concrete field, nothing deferred or joined)."""
        rows = self.rows(value, using)
        compiler, converters, names = self._models[using]
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        model = compiler.query.model
        return [model.from_db(using, names, row) for row in rows]

    def count(self, value: int, using: str = DEFAULT_DB_ALIAS) -> int:
        return int(self.rows(value, using)[0][0])
