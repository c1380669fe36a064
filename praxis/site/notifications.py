"""The weekly digest (assembled from several apps, so it lives here): email only."""

from django.utils.translation import gettext_lazy as _

from praxis.notifications.models import Channel
from praxis.notifications.registry import kind

DIGEST = kind("digest", _("Weekly digest of what I follow"), channels=[Channel.EMAIL], order=70)
