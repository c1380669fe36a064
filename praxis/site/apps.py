from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """Pages that assemble several apps (home, platform figures, navigation, weekly digest). The top floor: it may
    import any app, and no app imports it."""

    name = "praxis.site"
    label = "site"
    verbose_name = _("Site")
