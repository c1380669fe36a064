"""The production WSGI application, plus an `X-Bench-Queries` response header counting the SQL queries of the request.

Used by `make bench` only (gunicorn `bench.wsgi:application`); production serves `config.wsgi`.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.wsgi import get_wsgi_application
from django.db import connections

django_application = get_wsgi_application()


def application(environ, start_response):
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Bench-Queries", str(count))], exc_info)

    with connections["default"].execute_wrapper(counter):
        return django_application(environ, start)
