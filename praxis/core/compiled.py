"""Queries that every request runs, compiled to SQL once per process and then only executed.

Building a query with the ORM costs far more CPU than running it: the bell's COUNT took 0.26 ms of CPU to build and
read, the same SQL sent through a cursor 0.04 ms (`bench/profile_page.py --chrome`, issue 22). The chrome of a
member's page (memberships, bell) runs the same few queries on every request, only the member's id changes: those are
built once with the ORM (so they follow the models and the apps' selectors), compiled per database, and then executed
with the member's id in the place of a marker value.

`rows()` and `count()` are for queries whose columns need no conversion from the database (integers, text): the rows
come back as the driver gives them. `instances()` makes model instances of a plain `Model.objects.filter(...)`, with the
fields' converters applied as the ORM does; `objects()` also of a `select_related(...)`, the joined instances set as the
ORM sets them. A query of two or more ids (a piece and a member) is built with `values=2` and read with a tuple.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import DEFAULT_FETCH_MODE, get_related_populators

# A value no real id takes; the compiled parameters that equal it are the places of the id (the next ones down, of the
# second and later ids of a query built with `values=`).
MARKER = -7_654_321_098_765
MARKERS = tuple(MARKER - i for i in range(8))


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
    `.rows(owner_id)` or, built with `count=True`, `.count(owner_id)`; with `values=2`,
    `CompiledQuery(lambda content, user: ..., values=2)` and `.rows((content_id, user_id))`."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *, count: bool = False, values: int = 1) -> None:
        self.build = build
        self.counts = count
        self.values = values
        self._compiled: dict[str, tuple[str, list[Any], list[tuple[int, int]]]] = {}
        self._readers: dict[str, _Reader] = {}

    def _sql(self, using: str) -> tuple[str, list[Any], list[tuple[int, int]]]:
        found = self._compiled.get(using)
        if found is None:
            markers = MARKERS[: self.values]
            queryset = self.build(*markers)
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            # (place in the parameters, which value goes there)
            places = [(i, markers.index(param)) for i, param in enumerate(params)
                      if isinstance(param, int) and param in markers]
            if _holds_time(queryset.query):
                # Compiled once, such a value would stay the one of the process's first request (a "now").
                raise ValueError(f"a compiled query cannot hold a date or time: {sql}")
            if {value for _place, value in places} != set(range(self.values)):
                raise ValueError(f"the markers are not all parameters of {sql}")
            if self.counts:
                sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 - the ORM's SQL, values are parameters
            self._readers[using] = _Reader(queryset, compiler, sql, using)
            found = self._compiled[using] = (sql, list(params), places)
        return found

    def statement(self, value: int | tuple[int, ...], using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[Any]]:
        """The SQL and its parameters for these values (for `read_together`)."""
        sql, params, places = self._sql(using)
        values = value if isinstance(value, tuple) else (value,)
        if len(values) != self.values:
            raise TypeError(f"this query takes {self.values} values, not {len(values)}")
        params = list(params)
        for place, which in places:
            params[place] = values[which]
        return sql, params

    def rows(self, value: int | tuple[int, ...], using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        sql, params = self.statement(value, using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def instances(self, value: int | tuple[int, ...], using: str = DEFAULT_DB_ALIAS) -> list[Any]:
        """The model instances of a `Model.objects.filter(...)` (every concrete field, nothing deferred or joined)."""
        return self.instances_of(self.rows(value, using), using)

    def instances_of(self, rows: list[tuple[Any, ...]], using: str = DEFAULT_DB_ALIAS) -> list[Any]:
        """`instances()` of rows already read (by `read_together`)."""
        self._sql(using)
        reader = self._readers[using]
        rows = reader.convert(rows)
        model = reader.compiler.query.model
        return [model.from_db(using, reader.names, row) for row in rows]

    def objects(self, value: int | tuple[int, ...], using: str = DEFAULT_DB_ALIAS) -> list[Any]:
        """The model instances of a `Model.objects.select_related(...).filter(...)`, the joined ones set on them as
        the ORM's own iterable sets them (default fetch mode; no annotations)."""
        rows = self.rows(value, using)
        reader = self._readers[using]
        return reader.objects(reader.convert(rows), using)

    def count(self, value: int | tuple[int, ...], using: str = DEFAULT_DB_ALIAS) -> int:
        return int(self.rows(value, using)[0][0])


def read_together(statements: list[tuple[str, list[Any]]], using: str = DEFAULT_DB_ALIAS
                  ) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement, all sent in one round trip on PostgreSQL (one simple query of several statements:
    psycopg binds the parameters on the client, as Django's default cursor does, and `nextset()` reads each result);
    elsewhere one after the other. For reads that always go together and whose client-side cost is mostly the round
    trip itself (the signed-in chrome: session, member, memberships, bell; issue 22)."""
    connection = connections[using]
    results: list[list[tuple[Any, ...]]] = []
    with connection.cursor() as cursor:
        # Several statements with parameters need the client-side binding (server-side binding would refuse them).
        if (connection.vendor != "postgresql" or len(statements) < 2
                or connection.settings_dict["OPTIONS"].get("server_side_binding")):
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results
        cursor.execute(";\n".join(sql for sql, _params in statements),
                       [param for _sql, params in statements for param in params])
        results.append(cursor.fetchall())
        while cursor.nextset():
            results.append(cursor.fetchall())
    if len(results) != len(statements):
        raise RuntimeError(f"{len(statements)} statements gave {len(results)} results")
    return results


# --- queries built from a few values of several kinds -----------------------------------------------------------------
STRING_MARKER = "~praxis-compiled-{}~"
TIME_MARKER = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
FLOAT_MARKER = -7_654_321.125  # never equal to an int marker (a fraction) nor to a real coordinate


class _Markers:
    """Stand-ins for the values a query is built from, and the shape they give it: ids (int), texts (str), moments
    (aware datetime) and lists of ids become marker values found again in the compiled parameters; booleans and None
    change the SQL itself, so they are part of the shape, as the length of each list is. Floats (coordinates) are
    markers too: the query must use them as they are (compute a bounding box before, not in the build)."""

    def __init__(self, values: tuple[Any, ...], second: bool = False) -> None:
        self.second = second  # another set of markers, to build the query a second time
        self.shape: list[Any] = []
        self.stand_ins: list[Any] = []
        self.markers: list[Any] = []  # the n-th marker stands for the n-th flattened value
        for value in values:
            if value is None or isinstance(value, bool):
                self.shape.append(value)
                self.stand_ins.append(value)
            elif isinstance(value, int):
                self.shape.append(int)
                self.stand_ins.append(self._new(int))
            elif isinstance(value, str):
                self.shape.append(str)
                self.stand_ins.append(self._new(str))
            elif isinstance(value, float):
                self.shape.append(float)
                self.stand_ins.append(self._new(float))
            elif isinstance(value, datetime.datetime) and value.tzinfo is not None:
                self.shape.append(datetime.datetime)
                self.stand_ins.append(self._new(datetime.datetime))
            elif isinstance(value, (list, tuple)) and all(isinstance(item, int) and not isinstance(item, bool)
                                                          for item in value):
                self.shape.append(("ids", len(value)))
                self.stand_ins.append([self._new(int) for _item in value])
            else:
                raise TypeError(f"a compiled query cannot be built from {value!r}")

    def _new(self, kind: type) -> Any:
        n = len(self.markers) + (1000 if self.second else 0)
        marker = (MARKER - n if kind is int else STRING_MARKER.format(n) if kind is str
                  else FLOAT_MARKER - n if kind is float else TIME_MARKER + datetime.timedelta(seconds=n))
        self.markers.append(marker)
        return marker

    @staticmethod
    def flatten(values: tuple[Any, ...]) -> list[Any]:
        flat: list[Any] = []
        for value in values:
            if isinstance(value, (list, tuple)):
                flat.extend(value)
            elif value is not None and not isinstance(value, bool):
                flat.append(value)
        return flat


class ShapedQuery:
    """`ShapedQuery(lambda member, ids, since: Model.objects.filter(...))`, then `.rows(member_id, [3, 8], now)`:
    the queryset is built with the ORM and compiled once per process, database and *shape* of the values (which are
    None or booleans, how many ids each list holds), then only executed. For reads that every request of a page makes
    from a member's lists (follows, memberships) and the current time (issue 22: building the home page's four
    queries was most of its CPU). At most `shapes` shapes are kept. The query is built twice, with two sets of markers:
    a value the query transforms (`__contains`, an id + 1) is refused when compiling, as is a time that is not one of
    the values (a "now" taken while building); a value the query does not use (a list it leaves out) is allowed."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *, shapes: int = 64) -> None:
        self.build = build
        self.shapes = shapes
        self._compiled: dict[tuple[Any, ...], tuple[str, list[Any], list[tuple[int, int]], _Reader]] = {}

    def _sql(self, values: tuple[Any, ...], using: str) -> tuple[str, list[Any], list[tuple[int, int]], _Reader]:
        markers = _Markers(values)
        key = (using, *markers.shape)
        found = self._compiled.get(key)
        if found is not None:
            return found
        queryset, compiler, sql, params = _compile(self.build, markers, using)
        if _holds_time_but(queryset.query, set(markers.markers)):
            raise ValueError(f"a compiled query cannot hold a date or time that is not one of its values: {sql}")
        # Built again with other markers: the SQL must be the same and the parameters differ only where the markers
        # are, or a value was transformed (a `LIKE` pattern, an id + 1) or the build took a time of its own.
        again = _compile(self.build, _Markers(values, second=True), using)
        places = _places(markers, sql, params, connections[using].ops.adapt_datetimefield_value)
        if again[2] != sql or any(first != second and i not in {place for place, _which in places}
                                  for i, (first, second) in enumerate(zip(params, again[3], strict=True))):
            raise ValueError(f"a value is transformed by the query, it cannot be compiled: {sql} {params}")
        if len(self._compiled) >= self.shapes:
            self._compiled.pop(next(iter(self._compiled)))
        reader = _Reader(queryset, compiler, sql, using)
        found = self._compiled[key] = (sql, list(params) if sql else [], places, reader)
        return found

    def _execute(self, values: tuple[Any, ...], using: str, *, window: tuple[int, int] | None = None,
                 count: bool = False) -> tuple[list[tuple[Any, ...]], _Reader]:
        sql, params, places, reader = self._sql(values, using)
        if not sql:
            return ([(0,)] if count else []), reader
        if window is not None or count:
            query = reader.compiler.query
            if query.low_mark or query.high_mark is not None:
                raise ValueError(f"a window or a count is for a query that is not sliced itself: {sql}")
        params = list(params)
        flat = _Markers.flatten(values)
        adapt = connections[using].ops.adapt_datetimefield_value
        for place, which in places:
            value = flat[which]
            params[place] = adapt(value) if isinstance(value, datetime.datetime) and isinstance(
                params[place], str) else value
        if count:
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 - the ORM's SQL, values are parameters
        elif window is not None:
            sql = f"{sql} LIMIT %s OFFSET %s"
            params += [window[1], window[0]]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return (rows if count else reader.convert(rows)), reader

    def rows(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        """The rows, each column converted as the ORM converts it (`values_list` querysets)."""
        return self._execute(values, using)[0]

    def objects(self, *values: Any, using: str = DEFAULT_DB_ALIAS, window: tuple[int, int] | None = None
                ) -> list[Any]:
        """Model instances (`only()`, `select_related()` and annotations included), as the ORM's own iterable makes
        them; `window=(offset, limit)` reads one page of a query that is not sliced itself (LIMIT and OFFSET are
        parameters, so every page shares the compiled SQL)."""
        rows, reader = self._execute(values, using, window=window)
        return reader.objects(rows, using)

    def count(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> int:
        """How many rows the query gives (`SELECT COUNT(*)` around its SQL)."""
        return int(self._execute(values, using, count=True)[0][0][0])


def grouped_by_id(build: Callable[[list[int]], QuerySet[Any]], *, shapes: int = 128
                  ) -> Callable[[list[int]], dict[int, list[Any]]]:
    """A reader of `{id: [value, ...]}` for a list of ids, from `build(ids)`: a `values_list(key, value)` queryset
    (ordered as the lists should be), compiled once per number of ids (a `ShapedQuery`). For the few values a list
    shows of each row, read without instances (the APIs' theme slugs: building the query was ~0.6 ms of a list)."""
    query = ShapedQuery(build, shapes=shapes)

    def read(ids: list[int]) -> dict[int, list[Any]]:
        found: dict[int, list[Any]] = {}
        if ids:
            for key, value in query.rows(ids):
                found.setdefault(key, []).append(value)
        return found

    return read


class _Reader:
    """What turns a compiled query's rows into values and instances as the ORM's own iterables do: the columns'
    converters, the model's field names in order and, for a `select_related()`, where the main model's columns are and
    the populators of the joined ones and the annotations' columns (default fetch mode)."""

    def __init__(self, queryset: QuerySet[Any], compiler: Any, sql: str, using: str) -> None:
        self.compiler = compiler
        self.converters: Any = []
        self.names: list[str] = []
        self.start, self.end, self.populators = 0, 0, []
        self.annotations: list[tuple[str, int]] = []  # (attribute, column) of each annotation, set as the ORM sets it
        if not sql:
            return
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        self.names = [getattr(getattr(field, "target", None), "attname", "") for field in fields]
        self.end = len(self.names)
        if compiler.klass_info and queryset._iterable_class.__name__ == "ModelIterable":
            if queryset._fetch_mode.track_peers:  # type: ignore[attr-defined]
                raise ValueError(f"objects() reads the default fetch mode: {sql}")
            self.annotations = list(compiler.annotation_col_map.items())
            columns = compiler.klass_info["select_fields"]
            self.start, self.end = columns[0], columns[-1] + 1
            self.names = self.names[self.start: self.end]
            if compiler.klass_info.get("related_klass_infos"):
                self.populators = get_related_populators(compiler.klass_info, compiler.select, using,
                                                         DEFAULT_FETCH_MODE)

    def convert(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return list(self.compiler.apply_converters(rows, self.converters)) if self.converters else rows

    def objects(self, rows: list[tuple[Any, ...]], using: str) -> list[Any]:
        model = self.compiler.query.model
        start, end, populators = self.start, self.end, self.populators
        instances = []
        for row in rows:
            instance = model.from_db(using, self.names, row[start:end], fetch_mode=DEFAULT_FETCH_MODE)
            for populator in populators:
                populator.populate(row, instance)
            for name, column in self.annotations:
                setattr(instance, name, row[column])
            instances.append(instance)
        return instances


def _compile(build: Callable[..., QuerySet[Any]], markers: _Markers, using: str) -> tuple[Any, Any, str, Any]:
    queryset = build(*markers.stand_ins)
    compiler = queryset.query.get_compiler(using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # e.g. `pk__in=[]` alone: no rows, whatever the values
        sql, params = "", ()
    return queryset, compiler, sql, tuple(params)


def _places(markers: _Markers, sql: str, params: Any, adapt: Callable[[Any], Any]) -> list[tuple[int, int]]:
    """(place in the parameters, which value goes there) for every marker found; a value the query does not use
    (a moderator's id where every event is visible) has none."""
    if not sql:
        return []
    wanted: dict[Any, int] = {}
    for n, marker in enumerate(markers.markers):
        wanted[marker] = n
        if isinstance(marker, datetime.datetime):
            wanted[adapt(marker)] = n  # as the driver receives it: text on SQLite
    return [(i, wanted[param]) for i, param in enumerate(params)
            if not isinstance(param, bool) and isinstance(param, (int, float, str, datetime.datetime))
            and param in wanted]


def _holds_time_but(query: Any, allowed: set[Any]) -> bool:
    """Whether a query compares with a date or time value other than the `allowed` ones."""

    def in_node(node: Any) -> bool:
        for child in getattr(node, "children", ()):
            if in_node(child):
                return True
        rhs = getattr(node, "rhs", None)
        return isinstance(rhs, (datetime.date, datetime.time, datetime.timedelta)) and rhs not in allowed

    return in_node(query.where) or any(_holds_time_but(part, allowed) for part in query.combined_queries)
