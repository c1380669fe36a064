from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "praxis.discussions"
    label = "discussions"
    verbose_name = _("Questions and exchange")
