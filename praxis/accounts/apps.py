from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "praxis.accounts"
    label = "accounts"
    verbose_name = _("Members")

    def ready(self) -> None:
        from allauth.socialaccount.signals import social_account_added

        from .eid.adapter import on_identity_added

        # allauth's one hook after it links an e-ID to a signed-in member (its own "connect" flow and ours).
        social_account_added.connect(on_identity_added, dispatch_uid="praxis_eid_identity_added")
