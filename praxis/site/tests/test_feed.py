from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.institutions.models import Follow
from praxis.search.tests.factories import make_content, make_theme
from praxis.site.feed import feed_page, home_context
from praxis.testing import make_member

pytestmark = pytest.mark.django_db


def follow(user, kind, target_id):
    return Follow.objects.create(follower=user, target_kind=kind, target_id=target_id)


def test_the_feed_shows_new_items_from_followed_themes_people_institutions_and_communities(personas):
    member = personas.facilitator
    theme = make_theme("Gériatrie", "geriatrie")
    colleague = make_member()
    by_theme = make_content("Chutes de la personne âgée", themes=[theme])
    by_person = make_content("Mon retour d'expérience", author=colleague)
    by_community = make_content("Cas de la CdP", visibility=Content.Visibility.COMMUNITY, community=personas.community)
    make_content("Sans rapport")
    follow(member, "theme", theme.pk)
    follow(member, "member", colleague.pk)
    follow(member, "community", personas.community.pk)
    page = feed_page(Actor(member))
    assert {c.title for c in page.items} == {by_theme.title, by_person.title, by_community.title}
    assert not page.is_default


def test_the_feed_never_shows_what_the_member_may_not_see(personas):
    member = personas.outsider
    follow(member, "community", personas.community.pk)
    follow(member, "institution", personas.institution.pk)
    make_content("Cas de la CdP", visibility=Content.Visibility.COMMUNITY, community=personas.community)
    make_content("Protocole interne", visibility=Content.Visibility.INSTITUTION, institution=personas.institution)
    assert feed_page(Actor(member)).items == []


def test_the_feed_pages_by_key(personas):
    theme = make_theme("Gériatrie", "geriatrie")
    for n in range(13):
        make_content(f"Article {n}", themes=[theme], days_ago=n + 1)
    follow(personas.verified_gp, "theme", theme.pk)
    first = feed_page(Actor(personas.verified_gp))
    second = feed_page(Actor(personas.verified_gp), cursor=first.next_cursor)
    assert len(first.items) == 10 and len(second.items) == 3 and second.next_cursor == ""
    assert {c.pk for c in first.items}.isdisjoint({c.pk for c in second.items})


def test_a_new_member_gets_popular_reviewed_content_of_their_profession(personas):
    nurse = make_member(profession="nurse")
    for_nurses = make_content("Soins de plaie", reviewed=True, target_professions=["nurse"], view_count=50)
    make_content("Pour les médecins", reviewed=True, target_professions=["gp"], view_count=500)
    make_content("Non relu pour infirmiers", target_professions=["nurse"], view_count=900)
    page = feed_page(Actor(nurse))
    assert page.is_default and [c.title for c in page.items] == [for_nurses.title]


def test_upcoming_events_and_new_answers_are_on_the_home_page(personas, django_capture_on_commit_callbacks):
    from praxis.discussions import services as discussions
    from praxis.events.models import Event

    content = make_content("Infiltration du genou")
    question = discussions.question_ask(actor=Actor(personas.verified_gp), content=content, body="Quelle aiguille ?")
    discussions.answer_post(actor=Actor(personas.outsider), question=question, body="Une 21G.")
    start = timezone.now() + timedelta(days=5)
    Event.objects.create(title="Webinaire plaies", description="En ligne.", starts_at=start,
                         ends_at=start + timedelta(hours=1), is_online=True, institution=personas.institution,
                         created_by=personas.institution_admin)
    Event.objects.create(title="Journée passée", description="Finie.", starts_at=start - timedelta(days=30),
                         ends_at=start - timedelta(days=29), is_online=True, created_by=personas.institution_admin)
    context = home_context(Actor(personas.verified_gp))
    assert [a.body for a in context["new_answers"]] == ["Une 21G."]
    assert [e.title for e in context["upcoming_events"]] == ["Webinaire plaies"]
    html = personas.client("verified_gp").get(reverse("site:home")).content.decode()
    assert "Infiltration du genou" in html and "Webinaire plaies" in html


def test_home_page_query_count_does_not_grow_with_the_feed(personas, django_assert_max_num_queries):
    theme = make_theme("Gériatrie", "geriatrie")
    for n in range(10):
        make_content(f"Article {n}", themes=[theme], author=make_member())
    follow(personas.verified_gp, "theme", theme.pk)
    client = personas.client("verified_gp")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("site:home"))
    assert response.content.decode().count("Article ") == 10


def test_more_button_loads_the_next_page_as_a_partial(personas):
    theme = make_theme("Gériatrie", "geriatrie")
    for n in range(12):
        make_content(f"Article {n}", themes=[theme], days_ago=n + 1)
    follow(personas.verified_gp, "theme", theme.pk)
    client = personas.client("verified_gp")
    cursor = feed_page(Actor(personas.verified_gp)).next_cursor
    response = client.get(reverse("site:feed"), {"apres": cursor}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and html.count("Article ") == 2
    assert client.get(reverse("site:feed"), {"apres": "garbage_x"}).status_code == 200
    assert client.post(reverse("site:feed")).status_code == 405


def test_cached_feed_cards_show_an_edit_at_once_and_only_to_whom_may_see_the_piece(personas):
    """Feed cards are kept rendered per piece, `updated_at` and language; the feed's query decides who sees them."""
    theme = make_theme("Gériatrie", "geriatrie")
    piece = make_content("Chutes de la personne âgée", themes=[theme])
    hidden = make_content("Cas de la communauté", themes=[theme], visibility=Content.Visibility.COMMUNITY,
                          community=personas.community)
    follow(personas.facilitator, "theme", theme.pk)
    follow(personas.verified_gp, "theme", theme.pk)
    insider = personas.client("facilitator").get(reverse("site:home")).content.decode()
    assert piece.title in insider and hidden.title in insider
    outsider = personas.client("verified_gp").get(reverse("site:home")).content.decode()
    assert piece.title in outsider and hidden.title not in outsider
    piece.title = "Chutes de la personne âgée à domicile"
    piece.save()
    assert "Chutes de la personne âgée à domicile" in personas.client("verified_gp").get(reverse("site:home")).text


def test_the_homes_compiled_reads_give_each_member_their_own_follows_audience_events_and_answers(personas):
    """The home's reads are compiled once per shape of their values (how many follows, memberships...): two members
    with the same shape get each their own rows, and a new follow or a new answer shows at once."""
    from praxis.discussions import services as discussions
    from praxis.events.models import Event

    first, second = make_member(country="BE"), make_member(country="FR")
    mine, theirs = make_member(), make_member()
    by_mine, by_theirs = make_content("De mon collègue", author=mine), make_content("Du leur", author=theirs)
    follow(first, "member", mine.pk)
    follow(second, "member", theirs.pk)
    assert [c.title for c in feed_page(Actor(first)).items] == [by_mine.title]
    assert [c.title for c in feed_page(Actor(second)).items] == [by_theirs.title]  # same shape, their own ids
    # The institution's own pieces reach its members only, through the compiled audience as through the ORM.
    internal = make_content("Protocole interne", author=mine, visibility=Content.Visibility.INSTITUTION,
                            institution=personas.institution)
    staff = personas.institution_staff
    follow(staff, "member", mine.pk)
    assert internal.title in {c.title for c in feed_page(Actor(staff)).items}
    assert internal.title not in {c.title for c in feed_page(Actor(first)).items}
    follow(first, "member", theirs.pk)  # a new shape, compiled at once
    assert {c.title for c in feed_page(Actor(first)).items} == {by_mine.title, by_theirs.title}
    start = timezone.now() + timedelta(days=3)
    for title, country in [("Soirée à Liège", "BE"), ("Soirée à Lille", "FR")]:
        Event.objects.create(title=title, description=".", starts_at=start, ends_at=start + timedelta(hours=2),
                             is_online=False, country=country, created_by=personas.institution_admin)
    assert [e.title for e in home_context(Actor(first))["upcoming_events"]] == ["Soirée à Liège"]
    assert [e.title for e in home_context(Actor(second))["upcoming_events"]] == ["Soirée à Lille"]
    question = discussions.question_ask(actor=Actor(personas.verified_gp), content=by_mine, body="Quelle dose ?")
    assert home_context(Actor(personas.verified_gp))["new_answers"] == []
    discussions.answer_post(actor=Actor(personas.outsider), question=question, body="La plus faible.")
    [answer] = home_context(Actor(personas.verified_gp))["new_answers"]
    assert answer.author == personas.outsider and answer.question.content.title == by_mine.title
    assert home_context(Actor(first))["new_answers"] == []


def test_a_cursor_page_of_the_compiled_feed_is_the_orms(personas):
    from praxis.site import feed

    theme = make_theme("Gériatrie", "geriatrie")
    for n in range(25):
        make_content(f"Article {n}", themes=[theme], days_ago=n + 1)
    follow(personas.verified_gp, "theme", theme.pk)
    actor, cursor, seen = Actor(personas.verified_gp), "", []
    while True:
        page = feed_page(actor, cursor=cursor)
        orm = feed.card_rows(feed._after(feed._followed_contents(actor, feed.follows_of(actor.user))
                                         .order_by("-published_at", "-pk"), cursor)[:11])[:10]
        assert page.items == orm
        seen += [row.pk for row in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 25
    # A cursor whose date does not exist gives the first page (it raised, a 500).
    assert feed_page(actor, cursor="2026-02-30T10:00:00+00:00_5").items == feed_page(actor).items
