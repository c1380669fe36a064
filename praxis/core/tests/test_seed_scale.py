"""seed_scale: the generator of the benchmark dataset, at tiny scale."""

from typing import Any

from django.core.management import call_command

from praxis.accounts.models import User
from praxis.communities.models import Community, CommunityMembership
from praxis.communities.scale import HOME_SLUG
from praxis.content.models import Content
from praxis.core.scale import EMAIL_DOMAIN, SCALES, SLUG_PREFIX, run
from praxis.institutions.models import Institution, InstitutionMembership

SIZES = dict(SCALES["tiny"], members=40, institutions=5, communities=3, contents=25)


def snapshot() -> dict[str, Any]:
    scale_users = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
    contents = Content.objects.filter(slug__startswith=SLUG_PREFIX)
    return {
        "members": list(scale_users.order_by("email").values_list("email", "first_name", "last_name", "profession",
                                                                  "city", "verification_status")),
        "institutions": list(Institution.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
                             .values_list("slug", "name", "kind", "city")),
        "contents": list(contents.order_by("slug").values_list("slug", "title", "kind", "status", "visibility",
                                                               "author__email", "published_at")),
        "themes": sorted(contents.values_list("slug", "themes__slug")),
    }


def test_seed_scale_creates_the_requested_numbers_of_rows(db):
    report = run(sizes=SIZES, seed=7, log=lambda _line: None)
    assert User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count() == 40
    assert Institution.objects.filter(slug__startswith=SLUG_PREFIX).count() == 5
    # Besides the requested communities, the benchmark's one 200-member community (communities.scale.HOME_SLUG).
    assert Community.objects.filter(slug__startswith=SLUG_PREFIX).exclude(slug=HOME_SLUG).count() == 3
    assert Community.objects.filter(slug=HOME_SLUG).exists()
    assert Content.objects.filter(slug__startswith=SLUG_PREFIX).count() == 25
    assert InstitutionMembership.objects.filter(institution__slug__startswith=SLUG_PREFIX, role="admin").count() == 5
    assert CommunityMembership.objects.filter(community__slug__startswith=SLUG_PREFIX).exists()
    published = Content.objects.filter(slug__startswith=SLUG_PREFIX, status="published")
    assert published.exists()
    assert not published.filter(themes__isnull=True).exists()
    assert report["members"] == "40 members"


def test_seed_scale_is_reproducible_and_a_second_run_is_a_no_op(db):
    run(sizes=SIZES, seed=7, log=lambda _line: None)
    first = snapshot()
    again = run(sizes=SIZES, seed=7, log=lambda _line: None)
    assert set(again.values()) <= {"already present", "not available yet"}
    run(sizes=SIZES, seed=7, reset=True, log=lambda _line: None)
    second = snapshot()
    assert [row[:-1] for row in second["contents"]] == [row[:-1] for row in first["contents"]]
    assert second["members"] == first["members"]
    assert second["institutions"] == first["institutions"]
    assert second["themes"] == first["themes"]


def test_seed_scale_keeps_the_demo_members_and_replaces_only_its_own_rows(db):
    demo = User.objects.create_user(email="dr.demo@praxis.local", password=None)
    run(sizes=SIZES, seed=1, log=lambda _line: None)
    call_command("seed_scale", "--scale", "tiny", "--members", "30", "--institutions", "4", "--communities", "2",
                 "--contents", "10", "--seed", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.filter(pk=demo.pk).exists()
    assert User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count() == 30
    assert Content.objects.filter(slug__startswith=SLUG_PREFIX).count() == 10
