import pytest
from django.urls import reverse

from praxis.core import audit
from praxis.notifications.models import Channel, Notification, Preference
from praxis.notifications.services import dispatch_entry
from praxis.search.tests.factories import make_content

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def notify(user, reviewer, title="Pansement de brûlure"):
    content = make_content(title, author=user)
    entry = audit.log(reviewer, "review.submission.approved", content, {})
    return dispatch_entry(entry_id=entry.pk)[0]


def test_the_list_shows_my_notifications_and_the_bell_counts_unread(personas):
    notify(personas.verified_gp, personas.reviewer)
    client = personas.client("verified_gp")
    html = client.get(LIST).content.decode()
    assert "Pansement de brûlure" in html
    assert 'id="notification-bell"' in html and "1 " in html


def test_the_list_of_another_member_is_empty(personas):
    notify(personas.verified_gp, personas.reviewer)
    assert "Pansement" not in personas.client("outsider").get(LIST).content.decode()


def test_anonymous_visitors_are_sent_to_login(personas):
    assert personas.client("anonymous").get(LIST).status_code == 302


def test_htmx_gets_only_the_items_and_wrong_method_is_refused(personas):
    notify(personas.verified_gp, personas.reviewer)
    client = personas.client("verified_gp")
    response = client.get(LIST, headers={"HX-Request": "true"})
    assert 'id="notification-items"' in response.content.decode() and "<html" not in response.content.decode()
    assert client.post(LIST).status_code == 405


def test_list_query_count_does_not_grow_with_notifications(personas, django_assert_max_num_queries):
    for n in range(25):
        notify(personas.verified_gp, personas.reviewer, f"Contenu {n}")
    client = personas.client("verified_gp")
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert response.content.decode().count('class="card notification') == 20
    older = client.get(LIST, {"avant": response.context["next_id"]}).content.decode()
    assert older.count('class="card notification') == 5


def test_opening_a_notification_marks_it_read_and_follows_its_link(personas):
    notification = notify(personas.verified_gp, personas.reviewer)
    response = personas.client("verified_gp").post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 302 and response.url == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_with_htmx_returns_the_line(personas):
    notification = notify(personas.verified_gp, personas.reviewer)
    response = personas.client("verified_gp").post(reverse("notifications:mark_read", args=[notification.pk]),
                                                   headers={"HX-Request": "true"})
    assert response.status_code == 200 and f'id="notification-{notification.pk}"' in response.content.decode()


def test_nobody_marks_another_members_notification(personas):
    notification = notify(personas.verified_gp, personas.reviewer)
    url = reverse("notifications:mark_read", args=[notification.pk])
    assert personas.client("outsider").post(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(personas):
    notify(personas.verified_gp, personas.reviewer)
    notify(personas.verified_gp, personas.reviewer, "Autre")
    client = personas.client("verified_gp")
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_bell_partial_counts_with_one_query(personas, django_assert_max_num_queries):
    notify(personas.verified_gp, personas.reviewer)
    client = personas.client("verified_gp")
    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})
    assert "1 " in response.content.decode()


def test_preferences_are_saved_per_kind_and_channel(personas):
    client = personas.client("verified_gp")
    assert client.get(reverse("notifications:preferences")).status_code == 200
    response = client.post(reverse("notifications:preferences"), {"answers__in_app": "on", "review__email": "on"})
    assert response.status_code == 302
    saved = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=personas.verified_gp)}
    assert saved[("answers", Channel.IN_APP)] is True
    assert saved[("answers", Channel.EMAIL)] is False
    assert saved[("digest", Channel.EMAIL)] is False
    assert ("digest", Channel.IN_APP) not in saved
    assert personas.client("anonymous").get(reverse("notifications:preferences")).status_code == 302
    assert client.put(reverse("notifications:preferences")).status_code == 405


OLD_BELL = (  # the bell's template before its link was kept per count (issue 22), for the byte-for-byte comparison
    '{% load i18n %}<a id="notification-bell" class="bell" href="{% url \'notifications:list\' %}">{% if unread %}'
    '<span aria-hidden="true">🔔</span> {% blocktranslate count counter=unread %}{{ counter }} unread notification'
    '{% plural %}{{ counter }} unread notifications{% endblocktranslate %}{% else %}<span aria-hidden="true">🔔</span> '
    '{% translate "Notifications" %}{% endif %}</a>')


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_kept_bell_link_is_the_template_s_html_for_every_count(language):
    from django.template import Context, Template
    from django.utils import translation

    from praxis.notifications.templatetags.notifications_tags import _bell_link

    with translation.override(language):
        for unread in (0, 1, 2, 1234):
            assert _bell_link(unread, language, "/") == Template(OLD_BELL).render(Context({"unread": unread}))


def _bell(client, language="fr"):
    page = client.get(reverse("site:home"), headers={"Accept-Language": language}).content.decode()
    start = page.index('<a id="notification-bell"')
    return page[start:page.index("</a>", start) + 4]


def test_the_bell_follows_each_member_s_notifications_and_language(personas):
    """The link is kept per count and language, the count read on every page: a new notification, reading them all
    and each member's own count show at once."""
    client = personas.client("verified_gp")
    assert _bell(client).endswith("> Notifications</a>")
    notify(personas.verified_gp, personas.reviewer)
    assert "1 notification non lue<" in _bell(client)
    assert "1 ongelezen melding<" in _bell(client, "nl")
    notify(personas.verified_gp, personas.reviewer, title="Plaie chronique")
    assert "2 notifications non lues<" in _bell(client)
    assert _bell(personas.client("outsider")).endswith("> Notifications</a>")  # another member: none
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302
    assert _bell(client).endswith("> Notifications</a>")
