from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CpdConfig(AppConfig):
    name = "praxis.cpd"
    label = "cpd"
    verbose_name = _("Continuing education")
