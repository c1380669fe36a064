"""Small SCORM 1.2 and 2004 packages made by code: for the tests, the demo course and the benchmark (no downloads).

The SCO page finds the LMS API the standard way (walking up its parent frames), initialises it, shows where the
learner stopped, and offers buttons (read a page, answer the question, finish). Tests drive the same SCO through the
`window.sco` helpers it exposes, so what they exercise is a SCO calling the real runtime.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from html import escape

from .package import SCORM_12

_NS_12 = (
    'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
)
_NS_2004 = (
    'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
    'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"'
)


@dataclass
class Sco:
    identifier: str
    title: str
    href: str = ""  # defaults to <identifier>.html
    body: str = ""  # HTML paragraphs shown on the page
    mastery_score: float | None = None
    scaled_passing_score: float | None = None
    completion_threshold: float | None = None
    # The page's question: (question, right answer, wrong answer).
    question: tuple[str, str, str] = ("Quand faut-il se désinfecter les mains ?",
                                      "Avant et après chaque contact avec le patient", "Seulement en fin de journée")
    html: str = ""  # the page itself, instead of the standard SCO page (tests of what a package's script can do)


@dataclass
class Spec:
    version: str = SCORM_12
    title: str = "Module de test"
    scos: list[Sco] = field(default_factory=lambda: [Sco("sco1", "Leçon")])
    extra_files: dict[str, bytes] = field(default_factory=dict)


SCO_SCRIPT = r"""
(function () {
  function findAPI(win, name) {
    for (var depth = 0; win && depth < 10; depth++) {
      try { if (win[name]) return win[name]; } catch (e) { return null; }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var v2004 = document.documentElement.dataset.scorm === "2004";
  var api = findAPI(window, v2004 ? "API_1484_11" : "API");
  var started = Date.now();
  function call(name12, name2004) {
    var args = Array.prototype.slice.call(arguments, 2);
    return api ? String(api[v2004 ? name2004 : name12].apply(api, args)) : "false";
  }
  var el = v2004 ? {
    location: "cmi.location", suspend: "cmi.suspend_data", status: "cmi.completion_status",
    raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max", exit: "cmi.exit",
    session: "cmi.session_time", entry: "cmi.entry", total: "cmi.total_time"
  } : {
    location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", status: "cmi.core.lesson_status",
    raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max", exit: "cmi.core.exit",
    session: "cmi.core.session_time", entry: "cmi.core.entry", total: "cmi.core.total_time"
  };
  function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
  function sessionTime() {
    var s = Math.round((Date.now() - started) / 10) / 100;
    if (v2004) return "PT" + s.toFixed(2) + "S";
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(sec.toFixed(2), 5);
  }
  var sco = window.sco = {
    api: api, v2004: v2004,
    init: function () { return call("LMSInitialize", "Initialize", ""); },
    get: function (name) { return call("LMSGetValue", "GetValue", el[name] || name); },
    set: function (name, value) { return call("LMSSetValue", "SetValue", el[name] || name, String(value)); },
    commit: function () { return call("LMSCommit", "Commit", ""); },
    error: function () { return call("LMSGetLastError", "GetLastError"); },
    finish: function () { sco.set("session", sessionTime()); return call("LMSFinish", "Terminate", ""); },
    suspend: function () { sco.set("exit", "suspend"); sco.set("session", sessionTime()); },
    score: function (raw) { sco.set("min", 0); sco.set("max", 100); return sco.set("raw", raw); },
  };
  var status = document.getElementById("sco-status");
  if (!api) { status.textContent = "LMS introuvable"; return; }
  sco.initialised = sco.init();
  var entry = sco.get("entry"), place = sco.get("location");
  status.textContent = entry === "resume" && place ? "Reprise : " + place : "Bienvenue";
  document.documentElement.dataset.ready = "1";
  var pages = document.querySelectorAll("[data-page]");
  pages.forEach(function (button) {
    button.addEventListener("click", function () {
      sco.set("location", button.dataset.page);
      sco.set("exit", "suspend");
      status.textContent = "Page " + button.dataset.page;
    });
  });
  var form = document.getElementById("sco-question");
  if (form) form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = form.querySelector("input:checked");
    var right = chosen && chosen.value === "right";
    sco.score(right ? 100 : 0);
    status.textContent = right ? "Bonne réponse" : "Réponse incorrecte";
  });
  var done = document.getElementById("sco-finish");
  if (done) done.addEventListener("click", function () {
    sco.set("exit", "");
    if (sco.get("status") !== "passed" && sco.get("status") !== "failed") sco.set("status", "completed");
    sco.finish();
    status.textContent = "Module terminé";
  });
})();
"""


def sco_page(sco: Sco, version: str) -> str:
    body = sco.body or "<p>Une page de formation.</p>"
    return f"""<!doctype html>
<html lang="fr" data-scorm="{'2004' if version != SCORM_12 else '1.2'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(sco.title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:1rem;line-height:1.5}}button{{font-size:1rem;margin:.25rem}}</style>
</head>
<body>
<h1>{escape(sco.title)}</h1>
<p id="sco-status" role="status" aria-live="polite"></p>
{body}
<p><button type="button" data-page="page-1">Page 1</button> <button type="button" data-page="page-2">Page 2</button></p>
<form id="sco-question"><fieldset><legend>{escape(sco.question[0])}</legend>
<label><input type="radio" name="q" value="right"> {escape(sco.question[1])}</label><br>
<label><input type="radio" name="q" value="wrong"> {escape(sco.question[2])}</label></fieldset>
<button type="submit">Répondre</button></form>
<p><button type="button" id="sco-finish">Terminer le module</button></p>
<script src="sco.js"></script>
</body></html>
"""


def manifest(spec: Spec) -> str:
    is12 = spec.version == SCORM_12
    items = []
    resources = []
    for sco in spec.scos:
        href = sco.href or f"{sco.identifier}.html"
        extra = ""
        if is12 and sco.mastery_score is not None:
            extra += f"<adlcp:masteryscore>{sco.mastery_score:g}</adlcp:masteryscore>"
        if not is12 and sco.completion_threshold is not None:
            extra += f"<adlcp:completionThreshold>{sco.completion_threshold:g}</adlcp:completionThreshold>"
        if not is12 and sco.scaled_passing_score is not None:
            extra += (
                '<imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="primary" '
                f'satisfiedByMeasure="true"><imsss:minNormalizedMeasure>{sco.scaled_passing_score:g}'
                "</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing>"
            )
        items.append(f'<item identifier="item-{sco.identifier}" identifierref="res-{sco.identifier}">'
                     f"<title>{escape(sco.title)}</title>{extra}</item>")
        scorm_type = 'adlcp:scormtype="sco"' if is12 else 'adlcp:scormType="sco"'
        resources.append(f'<resource identifier="res-{sco.identifier}" type="webcontent" {scorm_type} '
                         f'href="{escape(href)}"><file href="{escape(href)}"/><file href="sco.js"/></resource>')
    schema = "1.2" if is12 else "2004 4th Edition"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="praxis-test" version="1" {_NS_12 if is12 else _NS_2004}>
<metadata><schema>ADL SCORM</schema><schemaversion>{schema}</schemaversion></metadata>
<organizations default="org"><organization identifier="org"><title>{escape(spec.title)}</title>
{''.join(items)}
</organization></organizations>
<resources>{''.join(resources)}</resources>
</manifest>
"""


def build_package(spec: Spec | None = None) -> bytes:
    """A valid SCORM zip for `spec` (SCORM 1.2, one SCO by default)."""
    spec = spec or Spec()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest(spec))
        archive.writestr("sco.js", SCO_SCRIPT)
        for sco in spec.scos:
            archive.writestr(sco.href or f"{sco.identifier}.html", sco.html or sco_page(sco, spec.version))
        for name, data in spec.extra_files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def build_zip(files: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED,
              modes: dict[str, int] | None = None) -> bytes:
    """Any zip (tests of bad packages): `modes` sets an entry's Unix mode (links, devices)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            if modes and name in modes:
                info.create_system = 3
                info.external_attr = modes[name] << 16
            archive.writestr(info, data)
    return buffer.getvalue()
