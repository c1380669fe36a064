"""Queries compiled once per process (praxis.core.compiled): the member's id is the only value that changes."""

import pytest
from django.utils import timezone

from praxis.core.compiled import CompiledQuery
from praxis.notifications.models import Notification
from praxis.testing import make_member


@pytest.mark.django_db
def test_a_compiled_query_reads_each_members_rows_and_refuses_a_frozen_time() -> None:
    first, second = make_member("un@example.test"), make_member("deux@example.test")
    Notification.objects.create(recipient=first, kind="content", action="content.published")
    unread = CompiledQuery(lambda marker: Notification.objects.filter(recipient_id=marker, read_at__isnull=True)
                           .values_list("pk"), count=True)
    assert (unread.count(first.pk), unread.count(second.pk)) == (1, 0)
    # A "now" compiled with the first request would stay that request's forever: refused at once.
    recent = CompiledQuery(lambda marker: Notification.objects.filter(recipient_id=marker,
                                                                      created_at__gte=timezone.now()))
    with pytest.raises(ValueError, match="date or time"):
        recent.rows(first.pk)


@pytest.mark.django_db
def test_a_compiled_query_of_two_ids_and_its_joined_objects() -> None:
    first, second = make_member("un@example.test"), make_member("deux@example.test")
    mine = Notification.objects.create(recipient=first, kind="content", action="content.published")
    Notification.objects.create(recipient=second, kind="content", action="content.published")
    pair = CompiledQuery(lambda recipient, pk: Notification.objects.filter(recipient_id=recipient, pk=pk)
                         .select_related("recipient"), values=2)
    [found] = pair.objects((first.pk, mine.pk))
    assert found == mine and found.recipient == first and found.created_at == mine.created_at
    assert "recipient" in found._state.fields_cache  # joined, as select_related leaves it
    assert pair.objects((second.pk, mine.pk)) == []
    with pytest.raises(TypeError):
        pair.rows(first.pk)


@pytest.mark.django_db
def test_a_shaped_query_is_compiled_per_shape_and_executed_with_each_callers_values() -> None:
    from datetime import timedelta

    from praxis.core.compiled import ShapedQuery

    first, second, third = (make_member(f"{n}@example.test") for n in ("un", "deux", "trois"))
    for member in (first, second, third):
        last = Notification.objects.create(recipient=member, kind="content", action="content.published")
    built = []

    def build(recipients, kind, since, only_unread):
        built.append(len(recipients))
        rows = Notification.objects.filter(recipient_id__in=recipients, kind=kind, created_at__gte=since)
        if only_unread:
            rows = rows.filter(read_at__isnull=True)
        return rows.order_by("recipient_id").values_list("recipient_id", "created_at")

    query = ShapedQuery(build)
    earlier = timezone.now() - timedelta(minutes=5)
    found = query.rows([first.pk], "content", earlier, True)
    assert [row[0] for row in found] == [first.pk] and found[0][1].tzinfo is not None
    assert [row[0] for row in query.rows([second.pk], "content", earlier, True)] == [second.pk]
    assert query.rows([second.pk], "event", earlier, True) == []
    assert query.rows([second.pk], "content", timezone.now() + timedelta(minutes=5), True) == []
    assert [row[0] for row in query.rows([first.pk, third.pk], "content", earlier, False)] == [first.pk, third.pk]
    assert query.rows([], "content", earlier, True) == []  # no ids: no rows, without asking the database
    assert built == [1, 1, 2, 2, 0, 0]  # per shape only (built twice: two sets of markers)
    [instance] = ShapedQuery(lambda pk: Notification.objects.filter(pk=pk).select_related("recipient")
                             .only("pk", "recipient__email")).objects(last.pk)
    assert instance.recipient.email and "kind" in instance.get_deferred_fields()


@pytest.mark.django_db
def test_a_shaped_query_refuses_a_value_the_orm_transforms_or_a_time_of_its_own() -> None:
    from praxis.core.compiled import ShapedQuery

    member = make_member("un@example.test")
    with pytest.raises(ValueError, match="transformed"):
        ShapedQuery(lambda kind: Notification.objects.filter(kind__contains=kind)).rows("content")
    with pytest.raises(ValueError, match="date or time"):
        ShapedQuery(lambda pk: Notification.objects.filter(recipient_id=pk, created_at__lte=timezone.now())
                    ).rows(member.pk)
    with pytest.raises(ValueError, match="transformed"):  # an id turned into another value while building
        ShapedQuery(lambda pk: Notification.objects.filter(recipient_id=pk + 1)).rows(member.pk)
    with pytest.raises(TypeError):
        ShapedQuery(lambda value: Notification.objects.filter(pk=value)).rows({"pk": 1})
    with pytest.raises(ValueError, match="transformed"):  # a float the integer column turns into another value
        ShapedQuery(lambda value: Notification.objects.filter(pk=value)).rows(1.5)
    # A value the query leaves out (a moderator's id where everything is visible) is allowed.
    Notification.objects.create(recipient=member, kind="content", action="content.published")
    unused = ShapedQuery(lambda pk, everything: Notification.objects.all().values_list("recipient_id") if everything
                         else Notification.objects.filter(recipient_id=pk).values_list("recipient_id"))
    assert unused.rows(member.pk + 100, True) == [(member.pk,)]
    assert unused.rows(member.pk + 100, False) == []


@pytest.mark.django_db
def test_a_shaped_query_takes_floats_counts_reads_windows_and_sets_annotations() -> None:
    from django.db.models import F, FloatField, Value

    from praxis.core.compiled import ShapedQuery
    from praxis.institutions.models import Institution
    from praxis.institutions.tests.factories import make_listed_institution

    for n in range(5):
        make_listed_institution(f"Lieu {n}", lat=50.0 + n, lon=5.0)

    def build(low, high):
        return (Institution.objects.filter(latitude__gte=low, latitude__lte=high)
                .annotate(north=F("latitude") - Value(low, output_field=FloatField())).order_by("latitude"))

    query = ShapedQuery(build)
    assert query.count(50.5, 53.5) == 3 and query.count(49.0, 60.0) == 5
    rows = query.objects(49.5, 60.0, window=(1, 2))
    assert [(i.name, i.north) for i in rows] == [(i.name, i.north) for i in build(49.5, 60.0)[1:3]]
    assert [i.name for i in query.objects(49.5, 60.0, window=(4, 10))] == ["Lieu 4"]
    # A float the query changes (a bounding box worked out in the build) is refused, as a transformed id is.
    with pytest.raises(ValueError, match="transformed"):
        ShapedQuery(lambda lat: Institution.objects.filter(latitude__gte=lat - 1.0)).rows(50.0)
    # A sliced query cannot take a window or be counted around its slice.
    with pytest.raises(ValueError, match="not sliced"):
        ShapedQuery(lambda low: Institution.objects.filter(latitude__gte=low)[:2]).count(50.0)


@pytest.mark.django_db
def test_statements_read_together_give_each_its_rows_in_order() -> None:
    from praxis.accounts.models import User
    from praxis.core.compiled import read_together

    member = make_member()
    one = f"SELECT id FROM {User._meta.db_table} WHERE id = %s"  # noqa: S608 - a model's table name
    found = read_together([("SELECT %s", [3]), (one, [member.pk]), (one, [-1])])
    assert found == [[(3,)], [(member.pk,)], []]
