"""The scopes a personal access token (and, later, an OAuth2 application) may hold.

`read` and `write` cover every area; `<area>:read` and `<area>:write` only theirs (`praxis.core.rest.scope_granted`).
A scope only narrows what the member may do: a token never does more than its member could in the browser."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCOPES: dict[str, Promise] = {
    "read": _("Read everything your account may see"),
    "write": _("Create and change what your account may change"),
    "content:read": _("See the contents and themes"),
    "events:read": _("See the events"),
    "events:write": _("Create and update events"),
    "jobs:read": _("See the job offers"),
    "jobs:write": _("Create and update job offers"),
    "directory:read": _("See the institutions and services of the directory"),
    "notifications:read": _("Read your notifications"),
    "registrations:read": _("See your event registrations"),
    "registrations:write": _("Register for events and cancel your registrations"),
    "cpd:read": _("See your continuing-education record"),
    "staff:read": _("See your institution's staff list"),
    "staff:write": _("Add staff to your institution and change their department or profession"),
    "learning:read": _("See your institution's training assignments, completions and certificates"),
}
