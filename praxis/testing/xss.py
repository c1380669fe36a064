"""A corpus of script-injection payloads, and a check that a rendered page holds none of them in an active form.

The corpus is generated from the classic families (tags with event handlers, URL schemes and their encodings,
mutation XSS through parser differentials, SVG and MathML, CSS, template and Markdown tricks, attribute and element
breakouts, polyglots). Every payload that would run calls `alert(1)`, so a browser's dialog hook sees an execution.

`active_markup(html)` parses a page as a browser does (tinyhtml5, the HTML5 algorithm) and lists what could run:
an event-handler attribute (the platform's own templates have none: CSP forbids inline handlers), a script without
the page's nonce, a `javascript:`/`vbscript:`/active `data:` address in any attribute that navigates or loads, an
active element (`iframe srcdoc`, `base`, `meta refresh`, `object`, `embed`), a style that runs code. Used by
`praxis/testing/tests/test_xss_corpus.py`.
"""

from __future__ import annotations

import re
from itertools import product

import tinyhtml5  # type: ignore[import-untyped]

CALL = "alert(1)"

TAGS = [
    'img',
    'svg',
    'body',
    'iframe',
    'video',
    'audio',
    'details',
    'input',
    'select',
    'textarea',
    'marquee',
    'a',
    'div',
    'object',
    'embed',
    'math',
    'style',
    'form',
    'button',
    'image',
    'isindex',
    'frameset',
    'table',
    'xss',
]
HANDLERS = [
    'onerror',
    'onload',
    'onmouseover',
    'onfocus',
    'ontoggle',
    'onanimationstart',
    'onbegin',
    'onclick',
    'onpointerenter',
    'onstart',
    'onfocusin',
    'onauxclick',
]
# How an attribute is separated and quoted: the spellings filters forget.
SHAPES = [
    '<{tag} src=x {handler}={call}>',
    '<{tag}/{handler}="{call}" src="x">',
    "<{tag}\t{handler}\n=\n'{call}' autofocus open>",
]
SCHEMES = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    ' \x01javascript:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;&#x61;vascript:alert(1)',
    'javascript&colon;alert(1)',
    'jav&#x09;ascript:alert(1)',
    'javascript:%61lert(1)',
    '%6Aavascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:text/html,<script>alert(1)</script>',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'javascript://%0aalert(1)',
    '&#0000106avascript:alert(1)',
]
SINKS = [
    '<a href="{url}">x</a>',
    '<img src="{url}">',
    '<iframe src="{url}"></iframe>',
    '<form action="{url}"><button>x</button></form>',
    '<button formaction="{url}">x</button>',
    '<object data="{url}"></object>',
    '<embed src="{url}">',
    '<svg><a xlink:href="{url}"><text y="20">x</text></a></svg>',
    '<math href="{url}">x</math>',
    '<base href="{url}">',
    '<meta http-equiv="refresh" content="0;url={url}">',
    '[x]({url})',
    '![x]({url})',
    '<{url}>',
    '[x][r]\n\n[r]: {url}',
    '<link rel="stylesheet" href="{url}">',
    '<video poster="{url}"></video>',
]
MUTATIONS = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    '<listing>&lt;img src=1 onerror=alert(1)&gt;</listing>',
    '<textarea></textarea><img src=x onerror=alert(1)>',
    '<title><img title="</title><img src onerror=alert(1)>"></title>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    '<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    '<iframe><p title="</iframe><img src=x onerror=alert(1)>">',
    '<noembed><p title="</noembed><img src=x onerror=alert(1)>">',
    '<template><img src=x onerror=alert(1)></template>',
    '<scr<script>ipt>alert(1)</scr</script>ipt>',
    '<<script>script>alert(1)<</script>/script>',
    '<img src="x` `<script>alert(1)</script>"` `>',
    '<a href="&#1;javascript:alert(1)">x</a>',
    '<div id="1"><form id="test"></form><button form="test" formaction="javascript:alert(1)">X</button></div>',
]
SVG_MATHML = [
    '<svg onload=alert(1)>',
    '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
    '<svg><script>alert(1)</script></svg>',
    '<svg><script href="data:,alert(1)" />',
    '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
    '<svg><animate xlink:href="#x" attributeName="href" values="javascript:alert(1)" /><a id="x"><text>x</text></a>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    ('<svg><use href="data:image/svg+xml,<svg id=x xmlns=http://www.w3.org/2000/svg><image href=1 onerror=alert('
     '1) /></svg>#x" />'),
    '<svg><discard onbegin=alert(1)>',
    '<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler></svg>',
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    '<svg><image href="javascript:alert(1)" /></svg>',
]
CSS = [
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    '<style>*{background:url("javascript:alert(1)")}</style>',
    '<p style="behavior:url(x.htc)">x</p>',
    '<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart="alert(1)">x</p>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<div style="-moz-binding:url(x.xml#xss)">x</div>',
]
TEMPLATES = [
    '{{7*7}}',
    '{% debug %}',
    '{{ request.user.password }}',
    "{% load static %}{% static 'x' %}",
    '${alert(1)}',
    '#{alert(1)}',
    '<%= 7*7 %>',
    "{{constructor.constructor('alert(1)')()}}",
    '[[${7*7}]]',
    '{{ settings.SECRET_KEY }}',
    "{% include '/etc/passwd' %}",
    "{{''.__class__.__mro__}}",
    '<div ng-app ng-csp><p ng-click="$event.view.alert(1)">x</p></div>',
    '<div data-bind="html: alert(1)">x</div>',
    '<div hx-get="/compte/" hx-trigger="load" hx-on::load="alert(1)">x</div>',
    '<div x-data x-init="alert(1)">x</div>',
    '{{#each this}}{{this}}{{/each}}',
]
MARKDOWN = [
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](javascript&#58;alert(1))',
    '[x](<javascript:alert(1)>)',
    '![x](x" onerror="alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](//evil.example/)',
    '```html\n<script>alert(1)</script>\n```',
    '<a href="javascript:alert(1)">x</a>',
    '*<img src=x onerror=alert(1)>*',
    '> <script>alert(1)</script>',
    '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
    '[<img src=x onerror=alert(1)>](https://example.org)',
    '![<svg onload=alert(1)>](https://example.org/x.png)',
    '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
    '[x]( javascript:alert(1) )',
    '<details open ontoggle=alert(1)>',
    '<javascript:alert(1)>',
    '[x](\x00javascript:alert(1))',
]
BREAKOUTS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '` onmouseover=alert(1) `',
    '</textarea><script>alert(1)</script>',
    '</title><script>alert(1)</script>',
    '</script><script>alert(1)</script>',
    '</style><script>alert(1)</script>',
    '--><script>alert(1)</script>',
    ']]><script>alert(1)</script>',
    '"autofocus onfocus="alert(1)',
    '\\"><img src=x onerror=alert(1)>',
    '</option></select><img src=x onerror=alert(1)>',
    '</noscript><img src=x onerror=alert(1)>',
]
ENCODINGS = [
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '%3Cscript%3Ealert(1)%3C/script%3E',
    '%253Cscript%253Ealert(1)%253C/script%253E',
    '+ADw-script+AD4-alert(1)+ADw-/script+AD4-',
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    '<scr\x00ipt>alert(1)</script>',
    '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
    '&#60;script&#62;alert(1)&#60;/script&#62;',
    '&#x3C;img src=x onerror=alert(1)&#x3E;',
    '\u202e<img src=x onerror=alert(1)>',
    '<img src=x o\u200bnerror=alert(1)>',
    '<IMG SRC=x ONERROR=alert(1)>',
    '<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>',
    '<img src=x onerror=\\u0061lert(1)>',
    "<img src=x onerror=eval(atob('YWxlcnQoMSk='))>",
]
POLYGLOTS = [
    ('jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert(1) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRi'
     'pt/--!>\\x3csVg/<sVg/oNloAd=alert(1)//>\\x3e'),
    ('javascript:/*--></title></style></textarea></script></xmp><svg/onload=\'+/"/+/onmouseover=1/+/[*/[]/+alert'
     "(1)//'>"),
    '\'"--></style></script><script>alert(1)</script>',
    '"\'><img src=x onerror=alert(1)//><svg/onload=alert(1)>',
    '<svg/onload=alert(1)//',
    '<img src onerror=alert(1)',
    '<a href=javascript:alert(1)>x',
    '<iframe srcdoc="<script>alert(1)</script>">',
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    '<isindex action=javascript:alert(1) type=image>',
    '<input autofocus onfocus=alert(1)>',
    '<select autofocus onfocus=alert(1)>',
    '<keygen autofocus onfocus=alert(1)>',
    '<video><source onerror=alert(1)>',
    '<audio src=x onerror=alert(1)>',
    '<body onload=alert(1)>',
    '<marquee onstart=alert(1)>x</marquee>',
    '<div onpointerover=alert(1)>x</div>',
    '<base href="javascript:alert(1)//">',
]


def corpus() -> list[str]:
    """At least 1 000 distinct payloads, in a stable order."""
    payloads: list[str] = []
    for shape, tag, handler in product(SHAPES, TAGS, HANDLERS):
        payloads.append(shape.format(tag=tag, handler=handler, call=CALL))
    for sink, url in product(SINKS, SCHEMES):
        payloads.append(sink.format(url=url))
    payloads += MUTATIONS + SVG_MATHML + CSS + TEMPLATES + MARKDOWN + BREAKOUTS + ENCODINGS + POLYGLOTS
    return list(dict.fromkeys(payloads))


FAMILIES = {"handlers": SHAPES, "urls": SINKS, "mutation": MUTATIONS, "svg-mathml": SVG_MATHML, "css": CSS,
            "templates": TEMPLATES, "markdown": MARKDOWN, "breakouts": BREAKOUTS, "encodings": ENCODINGS,
            "polyglots": POLYGLOTS}

# Attributes whose value a browser navigates to or loads.
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "srcset", "codebase",
                   "cite", "ping", "xlink:href", "lowsrc", "dynsrc", "manifest", "icon", "values", "to", "from", "by"}
_ACTIVE_DATA = re.compile(r"^data:(?!image/(png|jpe?g|gif|webp)[;,])", re.I)
_ACTIVE_SCHEME = re.compile(r"^(javascript|vbscript|livescript|mocha):", re.I)
_STYLE_CODE = re.compile(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding|@import", re.I)
_CONTROL = re.compile(r"[\x00-\x20\u200b\u00ad]+")


def _local(name: str) -> str:
    if "}" in name:
        namespace, _, local = name[1:].partition("}")
        return f"xlink:{local}" if namespace.endswith("/xlink") else local
    return name


_DATA_BLOCKS = {"application/json", "application/ld+json"}


def _own_script(attributes: dict[str, str], nonce: str | None, static_url: str) -> bool:
    """The platform's scripts: with the page's nonce, a file of our static files, or a data block (JSON)."""
    src = attributes.get("src")
    if src is not None:
        return src.startswith(static_url) and not src.startswith("//")
    return (nonce is not None and attributes.get("nonce") == nonce) or attributes.get("type", "") in _DATA_BLOCKS


def active_markup(html: str, nonce: str | None = None, static_url: str = "/static/") -> list[str]:
    """What in `html` could run script: empty for an inert page. `nonce`: the page's CSP nonce; scripts carrying it,
    files of `static_url` and JSON data blocks are the platform's own."""
    findings: list[str] = []
    for element in tinyhtml5.parse(html).iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = _local(element.tag)
        attributes = {_local(name).lower(): value for name, value in element.attrib.items()}
        findings += [found for name, value in attributes.items() if (found := _active_attribute(tag, name, value))]
        if tag == "script" and not _own_script(attributes, nonce, static_url):
            findings.append(f"<script> not the platform's: {attributes} {(element.text or '')[:60]!r}")
        elif tag == "style" and _STYLE_CODE.search(element.text or ""):
            findings.append(f"<style>{(element.text or '')[:60]!r}")
        elif tag in {"base", "object", "embed", "applet", "handler", "set", "animate"} or (
            tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh"):
            findings.append(f"<{tag}> element")
    return findings


def _active_attribute(tag: str, name: str, value: str) -> str | None:
    if name.startswith("on") or name == "srcdoc":
        return f"<{tag} {name}={value!r}>"
    if name in _URL_ATTRIBUTES or (name == "content" and tag == "meta"):
        address = _CONTROL.sub("", value)
        if tag == "meta":
            address = address.partition("url=")[2]
        if _ACTIVE_SCHEME.match(address) or _ACTIVE_DATA.match(address):
            return f"<{tag} {name}={value!r}>"
    if name == "style" and _STYLE_CODE.search(value):
        return f"<{tag} style={value!r}>"
    return None
