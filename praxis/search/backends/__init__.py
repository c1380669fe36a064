"""Two full-text backends behind one interface, chosen by the database vendor (see `base.Backend`)."""

from django.db import connection

from .base import Backend
from .postgres import PostgresBackend
from .sqlite import SqliteBackend


def get_backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
