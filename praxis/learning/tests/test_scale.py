"""The e-learning part of the benchmark dataset and the bench learner's enrolment."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from praxis.learning import scale
from praxis.learning.models import Course, Enrolment, LessonProgress
from praxis.testing import make_member

SIZES = ["--scale", "tiny", "--members", "30", "--institutions", "4", "--communities", "2", "--contents", "20",
         "--seed", "3"]


def run() -> str:
    out = StringIO()
    call_command("seed_scale", *SIZES, stdout=out)
    return out.getvalue()


def test_seed_scale_adds_courses_and_enrolments_and_a_second_run_is_a_no_op(db):
    assert "learning       30 courses" in run()
    assert Course.objects.filter(slug__startswith="scale-", status="published").count() == 30
    assert Enrolment.objects.filter(user__email__endswith="@scale.praxis.invalid").count() == 90
    assert "learning       already present" in run()


def test_the_bench_learner_gets_a_half_done_course_and_a_heartbeat_target(db, client):
    run()
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


def test_seed_scale_adds_the_hospital_and_the_bench_reads_its_reports_with_bounded_queries(
        db, client, django_assert_max_num_queries):
    from praxis.learning.mandatory.models import Department, StaffAssignment, StaffMember

    output = run()
    assert "learning-staff 30 staff, 40 departments, 30 assignments, 900 rounds" in output
    assert StaffMember.objects.filter(institution__slug=scale.HOSPITAL_SLUG).count() == 30
    assert Department.objects.filter(institution__slug=scale.HOSPITAL_SLUG).count() == 40
    assert StaffAssignment.objects.count() == 900
    assert "learning-staff already present" in run()
    reader = make_member("lecteur@bench.praxis.invalid")
    client.force_login(reader)
    for path in [scale.bench_report_path(reader), scale.bench_report_path(reader, course=False),
                 scale.bench_assignment_path(reader)]:
        with django_assert_max_num_queries(14):
            assert client.get(path).status_code == 200
