"""Two full-text backends behind one interface, chosen by the database vendor (see `base.Backend`)."""

from django.db import connection

from .base import Backend


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SqliteBackend

    return SqliteBackend()
