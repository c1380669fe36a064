"""What every signed-in request reads, made cheaper for issue 22 (session engine, precompiled memberships and bell):
the same answers as the ORM, the same sign-out and expiry rules."""

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.institutions.models import InstitutionMembership
from praxis.institutions.selectors import active_memberships_of
from praxis.notifications.models import Notification
from praxis.notifications.selectors import unread_count
from praxis.testing import (
    PASSWORD,
    make_community,
    make_community_member,
    make_institution,
    make_institution_member,
    make_member,
)

pytestmark = pytest.mark.django_db


def _signed_in(client, email: str) -> None:
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def _is_signed_in(client) -> bool:
    """The header shows the sign-out form to a signed-in member only."""
    return f'action="{reverse("account_logout")}"'.encode() in client.get(reverse("site:home")).content


def test_a_session_reads_as_before_and_ends_when_signed_out_elsewhere(client) -> None:
    member = make_member()
    _signed_in(client, member.email)
    assert _is_signed_in(client)
    # "Sign out this session" from another device (allauth's sessions page, an erasure, a new role) deletes the row.
    for user_session in UserSession.objects.filter(user=member):
        user_session.end()
    assert not _is_signed_in(client)


def test_an_expired_session_is_not_read(client) -> None:
    member = make_member()
    _signed_in(client, member.email)
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not _is_signed_in(client)


def test_a_password_changed_elsewhere_ends_the_session(client) -> None:
    member = make_member()
    _signed_in(client, member.email)
    member.set_password("un-autre-mot-de-passe-42")
    member.save()
    assert not _is_signed_in(client)


def test_memberships_read_precompiled_equal_the_selectors_and_follow_every_change() -> None:
    member = make_member()
    first, second = make_institution(), make_institution("Clinique")
    community = make_community()
    assert Actor(member).institution_roles == {} and Actor(member).community_roles == {}
    make_institution_member(first, member, role="admin")
    staff = make_institution_member(second, member)
    make_community_member(community, member, role="facilitator")
    actor = Actor(member)
    assert actor.institution_roles == dict(active_memberships_of(member).values_list("institution_id", "role"))
    assert actor.institution_roles == {first.pk: "admin", second.pk: "staff"}
    assert actor.community_roles == {community.pk: "facilitator"}
    staff.status = InstitutionMembership.Status.INVITED  # no longer active
    staff.save()
    assert Actor(member).institution_roles == {first.pk: "admin"}
    staff.delete()
    InstitutionMembership.objects.filter(user=member).update(role="trainer")
    assert Actor(member).institution_roles == {first.pk: "trainer"}
    # Another member's memberships never show.
    assert Actor(make_member()).institution_roles == {}


def test_the_bell_count_read_precompiled_equals_the_orm_count(client) -> None:
    member, other = make_member(), make_member()
    for user, n in ((member, 3), (other, 2)):
        for i in range(n):
            Notification.objects.create(recipient=user, kind="answers", action="x", url="/", data={"i": i})
    first = Notification.objects.filter(recipient=member).order_by("pk").first()
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())  # type: ignore[union-attr]
    assert unread_count(Actor(member)) == Notification.objects.filter(recipient=member, read_at__isnull=True).count()
    assert unread_count(Actor(member)) == 2 and unread_count(Actor(other)) == 2
    assert unread_count(Actor(None)) == 0
    client.force_login(member)
    assert "2 notifications non lues" in client.get(reverse("notifications:bell")).content.decode()


def test_an_inactive_or_deleted_member_is_nobody(client) -> None:
    from praxis.accounts.models import User

    member = make_member()
    _signed_in(client, member.email)
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert not _is_signed_in(client)
    other = make_member()
    _signed_in(client, other.email)
    assert _is_signed_in(client)
    User.objects.filter(pk=other.pk).delete()
    assert not _is_signed_in(client)


def test_a_session_from_before_a_secret_key_rotation_is_kept_and_re_keyed(client, settings) -> None:
    member = make_member()
    _signed_in(client, member.email)
    before = client.session.session_key
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789-abcdefghijklmnop"
    assert _is_signed_in(client)
    assert client.session.session_key != before
    settings.SECRET_KEY_FALLBACKS = []
    assert _is_signed_in(client)  # the session now carries the hash under the new key


def test_the_never_cached_headers_are_django_s() -> None:
    from django.http import HttpResponse
    from django.utils.cache import add_never_cache_headers, patch_cache_control

    from praxis.core.middleware import NEVER_CACHED

    response = HttpResponse()
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    assert response["Cache-Control"] == NEVER_CACHED


def test_a_member_s_page_is_never_cached_and_private(client) -> None:
    member = make_member()
    _signed_in(client, member.email)
    response = client.get(reverse("site:home"))
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert response["Expires"]


# --- read together (session, member, memberships, bell in one round trip on PostgreSQL) -----------------------------
def _statements(client, path: str) -> list[str]:
    from django.db import connection

    sent: list[str] = []

    def record(execute, sql, *rest):
        sent.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return sent


def test_the_chrome_of_a_member_is_one_round_trip_on_postgresql(client) -> None:
    from django.db import connection

    member = make_member()
    make_institution_member(make_institution(), member)
    _signed_in(client, member.email)
    sent = _statements(client, reverse("notifications:bell"))
    if connection.vendor == "postgresql":
        assert len(sent) == 1 and sent[0].count(";\n") == 3  # session; member; memberships; bell
    else:
        assert len(sent) == 4


def test_the_session_s_owner_this_process_remembers_is_only_a_guess(client) -> None:
    from praxis.core import authentication

    member, other = make_member(), make_member()
    _signed_in(client, member.email)
    client.get(reverse("site:home"))
    authentication._owners[client.session.session_key] = other.pk  # a wrong guess: the session names `member`
    response = client.get(reverse("site:home"))
    assert response.wsgi_request.user.pk == member.pk
    assert response.wsgi_request.actor.user.pk == member.pk
    assert authentication._owners[client.session.session_key] == member.pk


def test_a_new_role_membership_or_revoked_second_factor_counts_on_the_next_request(client) -> None:
    from allauth.mfa.models import Authenticator

    from praxis.accounts.models import User
    from praxis.testing import make_totp

    member = make_member()
    _signed_in(client, member.email)
    home = reverse("site:home")
    assert client.get(home).status_code == 200
    membership = make_institution_member(make_institution(), member, role="admin")  # a privileged role: MFA first
    assert client.get(home)["Location"] == reverse("mfa_index")
    membership.delete()
    assert client.get(home).status_code == 200
    User.objects.filter(pk=member.pk).update(is_moderator=True)
    assert client.get(home)["Location"] == reverse("mfa_index")
    make_totp(member)
    assert client.get(home).status_code == 200
    Authenticator.objects.filter(user=member).delete()  # the second factor revoked
    assert client.get(home)["Location"] == reverse("mfa_index")


def test_the_bell_read_with_the_member_is_read_again_after_a_change_in_the_same_request(client) -> None:
    from praxis.notifications.selectors import unread_changed

    member = make_member()
    Notification.objects.create(recipient=member, kind="answers", action="x", url="/", data={})
    _signed_in(client, member.email)
    stamp = __import__("praxis.notifications.selectors", fromlist=["_writes"])._writes[0]
    member._read_with_member = {"notifications.unread": ([(7,)], stamp)}  # type: ignore[attr-defined]
    assert unread_count(Actor(member)) == 7  # read at the request's start, nothing changed since
    assert unread_count(Actor(member)) == 1  # taken once: asked again, read again
    member._read_with_member = {"notifications.unread": ([(7,)], stamp)}  # type: ignore[attr-defined]
    unread_changed()
    assert unread_count(Actor(member)) == 1
    # Through HTTP: marking all read shows at once, in the list and in the bell.
    assert "1 notification non lue" in client.get(reverse("notifications:bell")).content.decode()
    client.post(reverse("notifications:mark_all_read"))
    assert "non lue" not in client.get(reverse("notifications:bell")).content.decode()
