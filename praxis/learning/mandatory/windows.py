"""Yearly calendar windows of recurring assignments ("hand hygiene every year in March").

A window is a stretch of the calendar that comes back every year: a whole month (1–31 March) or a start and an end
day (15 February – 15 April). It may run over New Year (1 December – 31 January): it then belongs to the year it
ends in. The 29th of February stands for the 28th in other years.

The rules, in local dates (`TIME_ZONE`, Europe/Brussels: a completion at 23:30 UTC on 28 February is a March one):
- a completion counts until the end of the first window that **starts after** it (done in March 2026 or in May
  2026: until 31 March 2027; done on 10 February 2026, before the March window: until 31 March 2026);
- completing a round counts at least until the end of the first window ending after the round's due date (an early
  completion of the round due on 31 March 2026 counts until 31 March 2027, not only until this March);
- the next round is due at the end of the next window, and opens `LEARNING_RENEW_DAYS_BEFORE` days before that end
  or when the window starts, whichever is earlier;
- a first round without a fixed due date is due at the end of the first window that ends at least
  `NEWCOMER_GRACE_DAYS` days later.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import gettext as _


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_last_day(month: int) -> int:
    """The last day of a month in a leap year (29 for February): what a whole-month window stores."""
    return calendar.monthrange(2000, month)[1]


@dataclass(frozen=True)
class YearlyWindow:
    start_month: int
    start_day: int
    end_month: int
    end_day: int

    @classmethod
    def whole_month(cls, month: int) -> YearlyWindow:
        return cls(month, 1, month, month_last_day(month))

    @property
    def wraps(self) -> bool:
        """The window runs over New Year (it starts in the year before the one it ends in)."""
        return (self.end_month, self.end_day) < (self.start_month, self.start_day)

    @property
    def is_whole_month(self) -> bool:
        return (self.start_month == self.end_month and self.start_day == 1
                and self.end_day == month_last_day(self.end_month))

    def end_in(self, year: int) -> date:
        """The end of the window that ends in `year`."""
        return _day(year, self.end_month, self.end_day)

    def start_of(self, end: date) -> date:
        """The first day of the window ending on `end`."""
        year = end.year - 1 if self.wraps else end.year
        return _day(year, self.start_month, self.start_day)

    def first_end_on_or_after(self, day: date) -> date:
        end = self.end_in(day.year)
        return end if end >= day else self.end_in(day.year + 1)

    def first_end_after(self, day: date) -> date:
        return self.first_end_on_or_after(day + timedelta(days=1))

    def previous_end(self, end: date) -> date:
        return self.end_in(end.year - 1)

    def counts_until(self, completed: date) -> date:
        """A completion counts until the end of the first window that starts after it."""
        end = self.first_end_on_or_after(completed)
        while self.start_of(end) <= completed:
            end = self.end_in(end.year + 1)
        return end

    def opens_on(self, end: date, days_before: int) -> date:
        """When the round due at `end` opens: `days_before` days before the end, or the window's start if earlier."""
        return min(self.start_of(end), end - timedelta(days=days_before))

    def renewal_horizon(self, today: date, days_before: int) -> date:
        """The latest window end whose round is open by `today`: completions lapsing by then are renewed."""
        end = self.first_end_on_or_after(today)
        while True:
            following = self.end_in(end.year + 1)
            if self.opens_on(following, days_before) > today:
                break
            end = following
        return end if self.opens_on(end, days_before) <= today else self.previous_end(end)

    def label(self) -> str:
        """"every year in March", "every year from 15 February to 15 April" (in the active language)."""
        if self.is_whole_month:
            month = formats.date_format(date(2000, self.start_month, 1), "F")
            return _("every year in %(month)s") % {"month": month}
        return _("every year from %(start)s to %(end)s") % {
            "start": formats.date_format(date(2000, self.start_month, self.start_day), "j F"),
            "end": formats.date_format(date(2000, self.end_month, self.end_day), "j F")}
