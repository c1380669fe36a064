"""The one-page summary of a screening for the GP, and a toolbox's reading list, drawn with ReportLab in a few
milliseconds.

The summary holds what the result holds (date, instrument, flags, step 2) and no identity: the lines for a name and a
birth date are left blank, to be written by hand on paper."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from . import icope, selectors
from .models import Toolbox, ToolboxItem
from .selectors import ToolboxView
from .wizard import Result


def _p(text: object, style: object) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def summary_pdf(result: Result) -> bytes:
    styles = getSampleStyleSheet()
    body, title, heading, small = styles["BodyText"], styles["Title"], styles["Heading2"], styles["Italic"]
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=_("ICOPE screening, step 1: summary for the GP"),
                            author="Praxis")
    story: list[Any] = [
        _p(_("ICOPE screening, step 1: summary for the GP"), title),
        _p(_("Screening of %(date)s.") % {"date": date_format(result.screened_on, "DATE_FORMAT")}, body),
        _p(_("Name: ____________________    Birth date: ____________ (to be written by hand; Praxis keeps no "
             "identity)"), body),
        Spacer(1, 4 * mm),
    ]
    rows = [[_p(_("Domain"), body), _p(_("Result"), body)]]
    for domain in icope.DOMAIN_KEYS:
        rows.append([_p(icope.DOMAIN_LABELS[domain], body),
                     _p(_("Flagged: step 2 advised") if result.flags[domain] else _("Not flagged"), body)])
    table = Table(rows, colWidths=[70 * mm, 100 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef1")),
        *[("BACKGROUND", (1, i), (1, i), colors.HexColor("#fdf0e0"))
          for i, domain in enumerate(icope.DOMAIN_KEYS, start=1) if result.flags[domain]],
    ]))
    story += [table, Spacer(1, 4 * mm)]
    for domain in result.flagged:
        two = icope.STEP_TWO[domain]
        story += [_p(icope.DOMAIN_LABELS[domain], heading),
                  _p(f"{_('Step 2 assesses:')} {two.assesses}", body),
                  _p(f"{_('With:')} {two.tools}", body),
                  _p(f"{_('Next:')} {two.next_pro}", body)]
    if not result.flagged:
        story.append(_p(_("No domain is flagged. Screen again in 6 to 12 months, or sooner if something changes."),
                        body))
    story += [Spacer(1, 6 * mm),
              _p(_("Who answered: %(who)s. ICOPE step 1 has no total score: each domain is flagged or not.") % {
                  "who": _("a professional") if result.flow.professional else _("the person or a carer")}, small),
              _p(f"{_('Instrument:')} {result.version}. {_('Source:')} {icope.SOURCE}", small)]
    doc.build(story)
    return buffer.getvalue()


def reading_list_pdf(toolbox: Toolbox, view: ToolboxView, *, base: str) -> bytes:
    """A toolbox as a reading list to print: its introduction, then each section with its items (title, kind, full
    address, why it is here). Only the items the reader may see are in `view`."""
    styles = getSampleStyleSheet()
    body, title, heading, small = styles["BodyText"], styles["Title"], styles["Heading2"], styles["Italic"]
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=toolbox.title, author="Praxis")
    story: list[Any] = [_p(toolbox.title, title),
                        _p(_("Toolbox maintained by %(institution)s. Reading list of %(date)s.") % {
                            "institution": toolbox.institution.name,
                            "date": date_format(timezone.localdate(), "DATE_FORMAT")}, small)]
    story += [_p(paragraph, body) for paragraph in toolbox.introduction.split("\n\n") if paragraph.strip()]
    kinds = dict(ToolboxItem.Kind.choices)
    for part in view.sections:
        story += [Spacer(1, 3 * mm), _p(part.section.title, heading)]
        story += [_p(paragraph, body) for paragraph in part.section.introduction.split("\n\n") if paragraph.strip()]
        if not part.items:
            story.append(_p(_("No item yet."), small))
        for number, item in enumerate(part.items, start=1):
            address = urljoin(base, selectors.item_url(item))
            story.append(Paragraph(
                f"<b>{number}. {escape(item.label)}</b> <i>({escape(str(kinds[item.kind]))})</i><br/>"
                f'<link href="{escape(address, {chr(34): "&quot;"})}" color="blue">{escape(address)}</link>', body))
            if item.note:
                story.append(_p(item.note, small))
    story += [Spacer(1, 6 * mm), _p(f"{_('Online, always up to date:')} "
                                   f"{urljoin(base, reverse('prevention:toolbox', args=[toolbox.slug]))}", small)]
    doc.build(story)
    return buffer.getvalue()
