"""Demo staff of the CHU de Liège: departments, people, managers, assignments with some done and some overdue."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from praxis.institutions.models import Institution

from ..models import Course
from . import services
from .models import Assignment, Department, StaffAssignment, StaffMember

DEPARTMENTS = ["Urgences", "Soins intensifs", "Cardiologie", "Pédiatrie", "Bloc opératoire", "Administration",
               "Logistique"]
FIRST = ["Julie", "Thomas", "Sarah", "Nicolas", "Laura", "Maxime", "Camille", "Antoine", "Manon", "Kevin", "Élise",
         "Mehdi", "Aurélie", "Olivier", "Nadia", "Pierre", "Sophie", "Youssef", "Charlotte", "Benoît"]
LAST = ["Lejeune", "Dubois", "Lambert", "Martin", "Leclercq", "Simon", "Laurent", "Peeters", "Renard", "Mertens",
        "Wauters", "Hermans", "Collin", "Jacobs", "Lemaire", "Goffin", "Denis", "Gilson", "Bah", "Yilmaz"]
PROFESSIONS = {"Urgences": ["nurse", "nurse", "physician", "care_assistant"],
               "Soins intensifs": ["nurse", "nurse", "physician"], "Cardiologie": ["nurse", "physician", "technician"],
               "Pédiatrie": ["nurse", "physician", "care_assistant"], "Bloc opératoire": ["nurse", "physician"],
               "Administration": ["administrative"], "Logistique": ["logistics"]}


@transaction.atomic
def seed(chu: Institution, users: dict[str, Any], courses: dict[str, Course]) -> str:
    if Department.objects.filter(institution=chu).exists():
        return "staff already there"
    rng = random.Random(14)
    departments = {name: Department.objects.create(institution=chu, name=name) for name in DEPARTMENTS}
    today = timezone.localdate()
    known = [("claire.renard@praxis.local", "Claire", "Renard", "Soins intensifs", "nurse"),
             ("emma.dupont@praxis.local", "Emma", "Dupont", "Administration", "administrative"),
             ("dr.martin@praxis.local", "Jean", "Martin", "Cardiologie", "physician")]
    for email, first, last, department, profession in known:
        StaffMember.objects.create(institution=chu, user=users.get(email), email=email, first_name=first,
                                   last_name=last, department=departments[department], profession=profession,
                                   joined_on=today - timedelta(days=900))
    people = []
    for i in range(42):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        department = DEPARTMENTS[i % len(DEPARTMENTS)]
        people.append(StaffMember(
            institution=chu, email=f"{first.lower().replace('é', 'e')}.{last.lower()}{i}@chu-liege.example",
            first_name=first, last_name=last, department=departments[department],
            profession=rng.choice(PROFESSIONS[department]), joined_on=today - timedelta(days=rng.randint(5, 2000))))
    StaffMember.objects.bulk_create(people)
    if "claire.renard@praxis.local" in users:  # Claire manages the intensive care unit
        departments["Soins intensifs"].managers.add(users["claire.renard@praxis.local"])

    admin = users.get("admin@praxis.local")
    # hand hygiene every year in March (a yearly window), fire safety every 12 months from the last completion
    march = {"window_start_month": 3, "window_start_day": 1, "window_end_month": 3, "window_end_day": 31}
    plans = [  # course, target, extra, created days ago, share done
        ("hygiene-des-mains-cinq-moments", {"target": "everyone", "due_days": 60, **march}, 75, 0.55),
        ("accueil-nouveaux-collaborateurs", {"target": "everyone", "due_days": 30}, 120, 0.8),
        ("securite-incendie", {"target": "department", "department": departments["Logistique"], "due_days": 90,
                               "recurrence_months": 12}, 20, 0.3),
        ("evaluer-la-douleur", {"target": "profession", "profession": "nurse", "due_days": 45}, 50, 0.4),
    ]
    total = 0
    for slug, fields, days_ago, share in plans:
        course = courses.get(slug)
        if course is None:
            continue
        assignment = Assignment.objects.create(institution=chu, course=course, created_by=admin, auto_assign=True,
                                               **fields)
        Assignment.objects.filter(pk=assignment.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        assignment.refresh_from_db()
        staff = list(services._matching(assignment))
        total += services._materialise(assignment, staff)
        for record in StaffAssignment.objects.filter(assignment=assignment, completed_at__isnull=True):
            if record.staff.user_id is None and rng.random() < share:  # demo people without an account
                done = timezone.now() - timedelta(days=rng.randint(1, max(days_ago - 1, 2)))
                record.completed_at = done
                record.valid_until = services.recurrence_until(assignment, timezone.localdate(done), record.due_on)
                record.score = Decimal(rng.choice([70, 80, 90, 100]))
                record.time_spent_seconds = rng.randint(600, 2400)
                record.save()
    return f"{len(people) + len(known)} staff, {total} assigned"
