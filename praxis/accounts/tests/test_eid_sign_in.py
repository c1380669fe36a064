"""Sign-in with national professional e-IDs, against real OpenID Connect providers running in threads (one per
preset, claims shaped like each provider's): redirect, sign-in at the provider, callback, token, user info."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils import translation

from praxis.accounts.eid.presets import EidConfigurationError, apps_from_env
from praxis.accounts.models import User, VerificationStatus
from praxis.core.middleware import STRONG_SIGN_IN
from praxis.core.models import AuditEntry
from praxis.testing import PASSWORD, make_member

from .eid_mocks import (
    GLN,
    INAMI,
    RPPS,
    complete_signup,
    consent,
    eid_environ,
    providers_setting,
    query,
    sign_in,
    start,
)

pytestmark = pytest.mark.django_db

# The mock gates the standard claims (name, address) by the standard scopes; PSC's `scope_all` covers them.
PSC_SCOPES = "openid,scope_all,profile,email"


@pytest.fixture
def eid(settings, psc_mock, iam_mock, hin_mock):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(
        eid_environ("psc", psc_mock, scopes=PSC_SCOPES), eid_environ("iam", iam_mock), eid_environ("hin", hin_mock),
        ids="psc,iam,hin",
    )
    return settings


def actions(member):
    return list(AuditEntry.objects.filter(target_id=str(member.pk)).order_by("pk").values_list("action", flat=True))


# --- configuration --------------------------------------------------------------------------------------------------


def test_no_provider_is_shown_unless_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(ids="")
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    assert b"eid-sign-in" not in page.content
    assert client.post(reverse("eid_login", kwargs={"provider_id": "psc"})).status_code == 404


def test_configured_providers_show_one_button_each_on_the_sign_in_page(client, eid):
    page = client.get(reverse("account_login")).content.decode()
    for name in ("Pro Santé Connect", "eHealth I.AM Connect", "HIN"):
        assert name in page
    assert 'name="password"' in page  # password sign-in stays


def test_a_listed_provider_without_its_variables_stops_the_start_up():
    with pytest.raises(EidConfigurationError, match="EID_PSC_CLIENT_ID"):
        apps_from_env({"EID_PROVIDERS": "psc", "EID_PSC_ISSUER": "https://example.org"})
    with pytest.raises(EidConfigurationError, match="EID_HIN_TOKEN_URL"):
        apps_from_env({"EID_PROVIDERS": "hin", "EID_HIN_CLIENT_ID": "a", "EID_HIN_SECRET": "b",
                       "EID_HIN_AUTHORIZE_URL": "https://x", "EID_HIN_USERINFO_URL": "https://y"})


def test_a_generic_provider_takes_its_claims_from_the_environment():
    (app,) = apps_from_env({
        "EID_PROVIDERS": "lux", "EID_LUX_ISSUER": "https://idp.example.lu", "EID_LUX_CLIENT_ID": "a",
        "EID_LUX_SECRET": "b", "EID_LUX_NAME": "LuxTrust", "EID_LUX_COUNTRY": "lu",
        "EID_LUX_NUMBER_CLAIM": "cns_code", "EID_LUX_SCOPES": "openid email", "EID_LUX_ACR_SUBSTANTIAL": "loa3",
    })
    options = app["settings"]["eid"]
    assert (app["name"], options["country"], options["number_claim"]) == ("LuxTrust", "LU", "cns_code")
    assert app["settings"]["scope"] == ["openid", "email"] and options["acr_substantial"] == ["loa3"]


# --- Pro Santé Connect ----------------------------------------------------------------------------------------------


def test_pro_sante_connect_redirect_carries_state_nonce_pkce_and_acr_values(client, eid, psc_mock):
    params = query(start(client, "psc"))
    assert params["client_id"] == "praxis-psc"
    assert params["acr_values"] == "eidas1"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert params["state"] and params["nonce"]
    assert params["redirect_uri"].endswith(reverse("eid_callback", kwargs={"provider_id": "psc"}))


def test_first_pro_sante_connect_sign_in_creates_a_verified_gp_from_the_rpps(client, eid):
    response = sign_in(client, "psc", "psc-claire")
    assert response.status_code == 302 and response["Location"] == reverse("socialaccount_signup")
    form = client.get(reverse("socialaccount_signup")).context["form"]
    assert form.initial["registration_number"] == RPPS and form.initial["country"] == "FR"
    assert form.initial["profession"] == "gp" and form.initial["first_name"] == "Claire"

    response = complete_signup(client)
    assert response.status_code == 302
    member = User.objects.get(email="claire.martin@example.fr")
    assert member.verification_status == VerificationStatus.VERIFIED
    assert (member.registration_number, member.registration_kind, member.profession) == (RPPS, "rpps", "gp")
    assert not member.has_usable_password()
    account = SocialAccount.objects.get(user=member)
    assert (account.provider, account.uid) == ("psc", "psc-claire")
    assert account.extra_data["id_token"]["acr"] == "eidas1"
    vouched = AuditEntry.objects.get(action="accounts.verification.vouched_by_eid", target_id=str(member.pk))
    assert vouched.data["provider"] == "Pro Santé Connect" and vouched.data["acr"] == "eidas1"
    assert vouched.data["number_kind"] == "rpps"
    # Signed in straight away: the provider vouched for the address.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_returning_member_signs_in_with_the_same_identity(client, eid):
    sign_in(client, "psc", "psc-claire")
    complete_signup(client)
    client.logout()
    response = sign_in(client, "psc", "psc-claire")
    assert response.status_code == 302 and response["Location"] == reverse("site:home")
    assert client.get(reverse("accounts:profile")).context["member"].email == "claire.martin@example.fr"
    assert SocialAccount.objects.count() == 1


def test_an_rpps_failing_its_check_leaves_the_member_to_a_moderator(client, eid):
    sign_in(client, "psc", "psc-luhn")
    assert complete_signup(client).status_code == 302
    member = User.objects.get(email="paul.durand@example.fr")
    assert member.verification_status == VerificationStatus.PENDING
    assert member.registration_warnings  # the moderator sees why
    assert "accounts.verification.vouched_by_eid" not in actions(member)
    refused = AuditEntry.objects.get(action="accounts.identity.number_not_vouched", target_id=str(member.pk))
    assert "Luhn" in refused.data["reason"]


def test_missing_professional_claims_mean_the_normal_verification(client, eid):
    sign_in(client, "psc", "psc-nonumber")
    page = complete_signup(client)
    assert page.status_code == 400 or page.status_code == 200  # the form asks for what no claim gave
    response = complete_signup(client, profession="nurse", country="FR", registration_number="123456789")
    assert response.status_code == 302
    member = User.objects.get(email="ines.roux@example.fr")
    assert member.verification_status == VerificationStatus.PENDING
    assert "accounts.verification.vouched_by_eid" not in actions(member)


# --- an address that a member already uses ---------------------------------------------------------------------------


def test_a_verified_address_of_a_member_is_linked_only_after_that_member_signs_in_and_confirms(client, eid,
                                                                                                verified_gp):
    response = sign_in(client, "psc", "psc-gp")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:eid_link")
    assert "_auth_user_id" not in client.session  # no silent takeover
    page = client.get(reverse("accounts:eid_link"))
    assert b"gp@example.test" in page.content
    assert not SocialAccount.objects.exists()

    assert client.post(reverse("account_login"), {"login": "gp@example.test", "password": PASSWORD}).status_code == 302
    confirm = client.get(reverse("accounts:eid_link"))
    assert confirm.status_code == 200 and b'value="link"' in confirm.content
    response = client.post(reverse("accounts:eid_link"), {"action": "link"})
    assert response.status_code == 302
    account = SocialAccount.objects.get()
    assert account.user == verified_gp and account.provider == "psc"
    assert "accounts.identity.linked" in actions(verified_gp)

    client.logout()
    assert sign_in(client, "psc", "psc-gp")["Location"] == reverse("site:home")
    assert int(client.session["_auth_user_id"]) == verified_gp.pk


def test_declining_the_link_links_nothing(client, eid, verified_gp):
    sign_in(client, "psc", "psc-gp")
    client.force_login(verified_gp)
    client.post(reverse("accounts:eid_link"), {"action": "cancel"})
    assert not SocialAccount.objects.exists()


def test_another_member_signed_in_cannot_take_the_pending_link(client, eid, verified_gp, outsider):
    sign_in(client, "psc", "psc-gp")
    client.force_login(outsider)
    assert client.post(reverse("accounts:eid_link"), {"action": "link"}).status_code == 409
    assert not SocialAccount.objects.exists()


def test_an_address_the_provider_does_not_vouch_for_matches_nobody(client, eid, verified_gp):
    response = sign_in(client, "psc", "psc-unverified-address")
    assert response["Location"] == reverse("socialaccount_signup")
    page = complete_signup(client)
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


# --- I.AM Connect, HIN ----------------------------------------------------------------------------------------------


def test_iam_connect_vouches_for_the_inami_number(client, eid):
    sign_in(client, "iam", "iam-lotte")
    assert complete_signup(client, postal_code="9000", city="Gent").status_code == 302
    member = User.objects.get(email="lotte.peeters@example.be")
    assert (member.verification_status, member.registration_number, member.country) == ("verified", INAMI, "BE")
    assert member.profession == "gp"
    assert client.session[STRONG_SIGN_IN] == "substantial"


def test_hin_signs_in_over_plain_oauth2_and_asks_the_address_it_does_not_give(client, eid, hin_mock):
    authorize = start(client, "hin")
    assert "nonce" not in query(authorize) and "code_challenge" not in query(authorize)
    response = client.get(consent(authorize, "hin-anna"))
    assert response["Location"] == reverse("socialaccount_signup")
    form = client.get(reverse("socialaccount_signup")).context["form"]
    assert form.initial["registration_number"] == GLN and form.initial["profession"] == "nurse"
    response = complete_signup(client, email="anna.keller@example.ch", postal_code="8001", city="Zürich")
    assert response.status_code == 302
    member = User.objects.get(email="anna.keller@example.ch")
    assert member.verification_status == VerificationStatus.VERIFIED and member.registration_kind == "gln"
    # An address nobody vouched for: the normal email confirmation before the first sign-in.
    assert "_auth_user_id" not in client.session


# --- privileged roles ------------------------------------------------------------------------------------------------


def test_a_substantial_e_id_stands_for_the_second_factor_of_a_privileged_member(client, eid, moderator):
    SocialAccount.objects.create(user=moderator, provider="iam", uid="iam-moderator")
    sign_in(client, "iam", "iam-moderator")
    assert int(client.session["_auth_user_id"]) == moderator.pk
    assert client.get(reverse("accounts:verification_queue")).status_code == 200


def test_a_low_assurance_e_id_still_asks_a_privileged_member_for_the_second_factor(client, eid, moderator):
    SocialAccount.objects.create(user=moderator, provider="psc", uid="psc-gp")
    response = sign_in(client, "psc", "psc-gp")  # the moderator has an authenticator app
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    Authenticator.objects.filter(user=moderator).delete()
    client.logout()
    sign_in(client, "psc", "psc-gp")
    assert int(client.session["_auth_user_id"]) == moderator.pk
    assert STRONG_SIGN_IN not in client.session
    assert client.get(reverse("accounts:verification_queue"))["Location"] == reverse("mfa_index")


# --- linking and unlinking from the settings ----------------------------------------------------------------------


def test_a_member_links_and_unlinks_an_e_id_from_the_settings(client, eid, unverified_member):
    client.force_login(unverified_member)
    page = client.get(reverse("accounts:identities"))
    assert page.status_code == 200 and b'data-provider="iam"' in page.content
    response = sign_in(client, "iam", "iam-lotte", process="connect")
    assert response["Location"] == reverse("accounts:identities")
    account = SocialAccount.objects.get(user=unverified_member)
    unverified_member.refresh_from_db()
    assert unverified_member.verification_status == VerificationStatus.VERIFIED  # the INAMI vouched for
    assert unverified_member.registration_number == INAMI
    assert {"accounts.identity.linked", "accounts.verification.vouched_by_eid"} <= set(actions(unverified_member))

    response = client.post(reverse("accounts:identity_unlink", kwargs={"account_id": account.pk}))
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()
    assert "accounts.identity.unlinked" in actions(unverified_member)


def test_the_last_way_to_sign_in_cannot_be_unlinked(client, eid):
    member = make_member("nopassword@example.test")
    member.set_unusable_password()
    member.save()
    account = SocialAccount.objects.create(user=member, provider="psc", uid="psc-x")
    client.force_login(member)
    page = client.get(reverse("accounts:identities"))
    assert reverse("accounts:identity_unlink", kwargs={"account_id": account.pk}).encode() not in page.content
    assert client.post(reverse("accounts:identity_unlink", kwargs={"account_id": account.pk})).status_code == 403
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_a_member_cannot_unlink_someone_elses_e_id(client, eid, verified_gp, outsider):
    account = SocialAccount.objects.create(user=verified_gp, provider="psc", uid="psc-y")
    client.force_login(outsider)
    assert client.post(reverse("accounts:identity_unlink", kwargs={"account_id": account.pk})).status_code == 404


def test_identities_page_query_count(client, eid, verified_gp, django_assert_max_num_queries):
    for n, provider in enumerate(["psc", "iam", "hin"]):
        SocialAccount.objects.create(user=verified_gp, provider=provider, uid=f"u{n}")
    client.force_login(verified_gp)
    client.get(reverse("accounts:identities"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:identities")).status_code == 200


# --- bad input -------------------------------------------------------------------------------------------------------


def _reason(response):
    return response.context["reason"] if response.context and "reason" in response.context else None


def test_a_wrong_state_is_refused(client, eid):
    callback = consent(start(client, "psc"), "psc-claire")
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400 and _reason(response) == "expired"
    assert "_auth_user_id" not in client.session


def test_a_replayed_callback_and_a_replayed_code_are_refused(client, eid):
    callback = consent(start(client, "psc"), "psc-claire")
    assert client.get(callback).status_code == 302
    assert _reason(client.get(callback)) == "expired"  # the state was used up
    # The same code under a fresh state: the provider refuses it at the token endpoint.
    fresh_state = query(start(client, "psc"))["state"]
    code = query(callback)["code"]
    response = client.get(f"{reverse('eid_callback', kwargs={'provider_id': 'psc'})}?code={code}&state={fresh_state}")
    assert response.status_code == 400 and _reason(response) == "refused"


def test_an_id_token_from_another_issuer_is_refused(client, settings, psc_mock):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(eid_environ("psc", psc_mock, scopes=PSC_SCOPES), ids="psc")
    port = psc_mock.url.rsplit(":", 1)[1]
    app = settings.SOCIALACCOUNT_PROVIDERS["eid"]["APPS"][0]
    # The token endpoint answers under another host name, so the ID token names another issuer.
    app["settings"]["openid_configuration_overrides"] = {"token_endpoint": f"http://127.0.0.1:{port}/oauth2/token"}
    response = sign_in(client, "psc", "psc-claire")
    assert response.status_code == 400 and _reason(response) == "refused"
    assert not User.objects.filter(email="claire.martin@example.fr").exists()


def test_a_discovery_document_naming_another_issuer_is_refused(client, settings, psc_mock):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(eid_environ("psc", psc_mock, scopes=PSC_SCOPES), ids="psc")
    app = settings.SOCIALACCOUNT_PROVIDERS["eid"]["APPS"][0]
    app["settings"]["openid_configuration_overrides"] = {"issuer": "https://impostor.example"}
    response = client.post(reverse("eid_login", kwargs={"provider_id": "psc"}))
    assert response.status_code == 400 and _reason(response) == "refused"


def test_an_expired_id_token_is_refused(client, settings, expired_mock):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(eid_environ("psc", expired_mock, scopes=PSC_SCOPES),
                                                         ids="psc")
    response = sign_in(client, "psc", "psc-claire")
    assert response.status_code == 400 and _reason(response) == "refused"


def test_an_unsigned_id_token_is_refused(client, eid, tamper_reset):
    tamper_reset.tamper.mode = "unsigned"
    response = sign_in(client, "psc", "psc-claire")
    assert response.status_code == 400 and _reason(response) == "refused"
    assert not User.objects.filter(email="claire.martin@example.fr").exists()


def test_a_provider_that_is_down_gets_a_clear_message_and_password_sign_in_still_works(client, settings, verified_gp):
    environ = {"EID_PSC_ISSUER": "http://127.0.0.1:9", "EID_PSC_CLIENT_ID": "a", "EID_PSC_SECRET": "b"}
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(environ, ids="psc")
    for language, words in (("fr", "ne répond pas"), ("nl", "antwoordt")):
        with translation.override(language):
            response = client.post(reverse("eid_login", kwargs={"provider_id": "psc"}),
                                   headers={"accept-language": language})
        assert response.status_code == 503 and _reason(response) == "down"
        assert words in response.content.decode(), language
    assert client.post(reverse("account_login"), {"login": "gp@example.test", "password": PASSWORD}).status_code == 302
    assert int(client.session["_auth_user_id"]) == verified_gp.pk


def test_a_cancelled_sign_in_says_so(client, eid):
    state = query(start(client, "psc"))["state"]
    callback = reverse("eid_callback", kwargs={"provider_id": "psc"})
    response = client.get(f"{callback}?error=access_denied&state={state}")
    assert _reason(response) == "cancelled"


def test_an_e_id_whose_provider_is_no_longer_configured_can_still_be_seen_and_unlinked(client, settings, verified_gp):
    settings.SOCIALACCOUNT_PROVIDERS = providers_setting(ids="")
    account = SocialAccount.objects.create(user=verified_gp, provider="hin", uid="hin-old",
                                           extra_data={"userinfo": {"sub": "hin-old", "firstName": "Alex"}})
    client.force_login(verified_gp)
    page = client.get(reverse("accounts:identities"))
    assert page.status_code == 200 and b"HIN" in page.content
    assert client.post(reverse("accounts:identity_unlink", kwargs={"account_id": account.pk})).status_code == 302
    assert not SocialAccount.objects.exists()


def test_the_providers_origins_are_allowed_as_form_targets():
    from praxis.accounts.eid.presets import form_action_origins

    apps = apps_from_env({
        "EID_PROVIDERS": "psc,hin", "EID_PSC_ISSUER": "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet",
        "EID_PSC_CLIENT_ID": "a", "EID_PSC_SECRET": "b", "EID_HIN_CLIENT_ID": "c", "EID_HIN_SECRET": "d",
        "EID_HIN_AUTHORIZE_URL": "https://oauth2.hin.ch/authorize", "EID_HIN_TOKEN_URL": "https://oauth2.hin.ch/t",
        "EID_HIN_USERINFO_URL": "https://oauth2.hin.ch/u",
    })
    assert form_action_origins(apps, ["https://wallet.esw.esante.gouv.fr"]) == [
        "https://auth.esw.esante.gouv.fr", "https://oauth2.hin.ch", "https://wallet.esw.esante.gouv.fr",
    ]
