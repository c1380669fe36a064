"""Mandatory training for institutions: staff with a department and a profession, managers of departments, course
assignments with due dates and recurrence, reminders, and completion reports (design note: docs/learning.md)."""
