"""schemathesis against the generated OpenAPI schema, for three callers: an anonymous visitor, a member's token with
every read scope, and an institution's system (client credentials, `read write`). For every operation a few
generated requests (valid and invalid): never a 5xx, every status declared, every body and content type as the
schema says. Requests go through Django's whole WSGI stack, inside the test's transaction.

Kept small on purpose (two examples per operation and caller): the whole file runs in well under a minute."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from praxis.api.v1 import api
from praxis.learning.mandatory.models import Department, StaffMember

from .test_oauth import _client_credentials

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
READ_SCOPES = ["read"]


# Loaded at collection (Django is set up by then; no database needed): one test per operation and caller.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def wsgi(world, settings) -> Any:
    """Django's WSGI application on the test database: as in Django's test client, the connection is not closed at
    the end of a request (it holds the test's transaction)."""
    settings.API_RATE_LIMIT_PER_IP = 100000
    settings.API_RATE_LIMIT_PER_TOKEN = 100000
    handler = get_wsgi_application()

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        # schemathesis's WSGI client says `localhost`: here the SCORM content host, answered by its own middleware.
        environ["HTTP_HOST"] = environ["SERVER_NAME"] = "testserver"
        environ.setdefault("REMOTE_ADDR", "127.0.0.1")  # werkzeug's client gives none; allauth refuses a call without
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


@pytest.fixture
def callers(world) -> dict[str, dict[str, str]]:
    Department.objects.create(institution=world.personas.institution, name="Urgences")
    StaffMember.objects.create(institution=world.personas.institution, email="a@chu.test", first_name="A",
                               last_name="B")
    _new, system = _client_credentials(world)
    return {
        "anonymous": {},
        "member": {"Authorization": f"Bearer {world.tokens['institution_admin']}"},  # the `read` scope
        "system": {"Authorization": system.headers["Authorization"]},
    }


FUZZ = settings(max_examples=2, deadline=None, database=None, derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_no_server_error_and_answers_match_the_schema(case, wsgi, callers, world):
    """Each generated request is sent by each caller (one database set-up per operation keeps the file fast)."""
    for who, headers in callers.items():
        # Every other request on the institution's own slug, where the caller may read: deeper than 404s.
        own = who != "anonymous" and len(str(case.path_parameters)) % 2
        if "{slug}" in case.path and case.path_parameters is not None and own:
            case.path_parameters["slug"] = world.personas.institution.slug
        case.call_and_validate(app=wsgi, headers={**headers}, checks=CHECKS)
