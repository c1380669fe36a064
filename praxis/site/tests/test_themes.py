"""Theme pages, following a theme, "what I follow", and taxonomy names in the interface's language."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from praxis.content.models import Content, Theme
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.events.tests.factories import make_event
from praxis.institutions.models import DirectoryProfile, Follow, Service
from praxis.search.tests.factories import make_content
from praxis.site.feed import feed_page
from praxis.testing import make_community, make_member

pytestmark = pytest.mark.django_db


def geriatrics() -> Theme:
    return Theme.objects.get(slug="geriatrie")


def test_seeded_themes_and_services_are_named_in_dutch_and_english_and_french_stays_the_default():
    theme = geriatrics()
    service = Service.objects.get(slug="falls-prevention")
    assert (theme.name, theme.name_nl, theme.name_en) == ("Gériatrie", "Geriatrie", "Geriatrics")
    with translation.override("nl"):
        assert (str(theme), service.label) == ("Geriatrie", "Valpreventie")
    with translation.override("en"):
        assert service.label == "Falls prevention"
    with translation.override("fr"):
        assert service.label == "Prévention des chutes"
    untranslated = Theme.objects.create(name="Thème local", slug="theme-local")
    with translation.override("nl"):
        assert untranslated.label == "Thème local"


def test_the_interface_in_dutch_shows_dutch_theme_names_in_cards_filters_and_the_theme_pages(client):
    make_content("Chutes de la personne âgée", themes=[geriatrics()])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    listing = client.get(reverse("content:list")).content.decode()
    assert ">Geriatrie<" in listing and "Gériatrie" not in listing
    themes = client.get(reverse("site:themes")).content.decode()
    assert "Ziekenhuishygiëne" in themes and "Hygiène hospitalière" not in themes


def test_a_theme_page_shows_what_the_visitor_may_see_in_it_and_coming_events(personas, client):
    theme = geriatrics()
    make_content("Chutes de la personne âgée", themes=[theme])
    make_content("Protocole interne", themes=[theme], visibility=Content.Visibility.INSTITUTION,
                 institution=personas.institution)
    make_content("Hors thème")
    event = make_event(personas.verified_gp, title="Webinaire chutes", status="published")
    event.themes.add(theme)
    page = client.get(reverse("site:theme", args=["geriatrie"])).content.decode()
    assert "Chutes de la personne âgée" in page and "Webinaire chutes" in page
    assert "Protocole interne" not in page and "Hors thème" not in page
    assert reverse("account_login") in page  # anonymous visitors are asked to sign in to follow
    assert client.get(reverse("site:theme", args=["nope"])).status_code == 404


def test_a_member_follows_a_theme_sees_it_in_the_feed_and_stops_following(personas):
    theme = geriatrics()
    make_content("Chutes de la personne âgée", themes=[theme], author=make_member())
    client = personas.client("verified_gp")
    url = reverse("site:theme_follow", args=["geriatrie"])
    response = client.post(url, {"action": "follow"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    client.post(url, {"action": "follow"})  # twice: still one row
    assert Follow.objects.filter(follower=personas.verified_gp, target_kind="theme", target_id=theme.pk).count() == 1
    assert AuditEntry.objects.filter(action=Action.INSTITUTIONS_FOLLOW_CREATED).count() == 1
    assert [c.title for c in feed_page(Actor(personas.verified_gp)).items] == ["Chutes de la personne âgée"]
    page = client.get(reverse("site:theme", args=["geriatrie"])).content.decode()
    assert 'aria-pressed="true"' in page and "1 membre suit ce thème" in page
    response = client.post(url, {"action": "unfollow"})
    assert response.status_code == 302
    assert not Follow.objects.filter(follower=personas.verified_gp, target_kind="theme").exists()


def test_what_i_follow_lists_every_kind_and_unfollows_even_what_is_no_longer_visible(personas):
    member = personas.verified_gp
    colleague = make_member("collegue@example.test", first_name="Anne", last_name="Leroy")
    DirectoryProfile.objects.create(user=colleague, is_listed=True)
    gone = make_member("parti@example.test", first_name="Paul", last_name="Parti")
    community = make_community("CdP ouverte de Namur", visibility="public")
    for kind, target in (("theme", geriatrics().pk), ("community", community.pk),
                         ("institution", personas.institution.pk), ("member", colleague.pk), ("member", gone.pk)):
        Follow.objects.create(follower=member, target_kind=kind, target_id=target)
    client = personas.client("verified_gp")
    page = client.get(reverse("site:following")).content.decode()
    for name in ("Gériatrie", community.name, personas.institution.name, "Anne Leroy"):
        assert name in page
    assert "Paul Parti" not in page and "N'est plus visible pour vous" in page
    response = client.post(reverse("site:unfollow"), {"kind": "member", "target": str(gone.pk)})
    assert response.status_code == 302
    assert not Follow.objects.filter(follower=member, target_id=gone.pk).exists()
    response = client.post(reverse("site:unfollow"), {"kind": "nonsense", "target": "x"}, follow=True)
    assert response.status_code == 200 and "Ce suivi est introuvable." in response.content.decode()
    assert Follow.objects.filter(follower=member).count() == 4


def test_theme_pages_and_what_i_follow_do_not_grow_in_queries_with_their_lists(personas, django_assert_max_num_queries):
    theme = geriatrics()
    for n in range(12):
        make_content(f"Article {n}", themes=[theme], author=make_member())
        event = make_event(personas.verified_gp, title=f"Événement {n}", status="published")
        event.themes.add(theme)
    for other in Theme.objects.all()[:10]:
        Follow.objects.create(follower=personas.verified_gp, target_kind="theme", target_id=other.pk)
    client = personas.client("verified_gp")
    with django_assert_max_num_queries(14):
        page = client.get(reverse("site:theme", args=["geriatrie"])).content.decode()
    assert page.count("Article ") == 12
    with django_assert_max_num_queries(12):
        client.get(reverse("site:themes"))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("site:following")).content.decode()
    assert page.count("Ne plus suivre") == 10
