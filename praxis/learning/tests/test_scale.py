"""The e-learning part of the benchmark dataset and the bench learner's enrolment."""

from django.urls import reverse

from praxis.core.management.commands.seed_scale import SCALES, run
from praxis.core.testing import make_member
from praxis.learning import scale
from praxis.learning.models import Course, Enrolment, LessonProgress

SIZES = dict(SCALES["tiny"], members=30, institutions=4, communities=2, contents=20)


def test_seed_scale_adds_courses_and_enrolments_and_a_second_run_is_a_no_op(db):
    report = run(sizes=SIZES, seed=3, log=lambda _line: None)
    assert report["learning"].startswith("30 courses")
    assert Course.objects.filter(slug__startswith="scale-", status="published").count() == 30
    assert Enrolment.objects.filter(user__email__endswith="@scale.praxis.invalid").count() == 90
    assert run(sizes=SIZES, seed=3, log=lambda _line: None)["learning"] == "already present"


def test_the_bench_learner_gets_a_half_done_course_and_a_heartbeat_target(db, client):
    run(sizes=SIZES, seed=3, log=lambda _line: None)
    reader = make_member("lecteur@bench.praxis.invalid")
    enrolment = scale.bench_enrolment(reader)
    assert scale.bench_enrolment(reader) == enrolment
    assert LessonProgress.objects.filter(enrolment=enrolment, status="completed").count() == 4
    path = scale.bench_capsule_path(reader)
    client.force_login(reader)
    assert client.get(reverse("learning:course", args=[enrolment.course.slug])).status_code == 200
    response = client.post(path, "played=[[10,10.05]]&position=10",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response.json()["completed"] is False
