from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "praxis.learning"
    label = "learning"
    verbose_name = _("E-learning")

    def ready(self) -> None:
        from praxis.institutions.models import InstitutionMembership

        from .mandatory.hooks import membership_saved

        post_save.connect(membership_saved, sender=InstitutionMembership, dispatch_uid="learning.staff_link")
