"""Names of the indexed kinds, kept in the search app's catalogue (the registration modules import them)."""

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "content": _("Content"),
    "institution": _("Institution"),
    "event": _("Event"),
    "job": _("Job offer"),
    "question": _("Question"),
    "course": _("Course"),
    "community": _("Community of practice"),
    "white_paper": _("White paper"),
    "seminar_piece": _("Seminar contribution"),
    "colleague": _("Colleague"),
}
ONLINE = _("online")
