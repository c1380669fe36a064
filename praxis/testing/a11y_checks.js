// Praxis's own accessibility checks, the ones axe-core does not make (see docs/accessibility.md).
// Injected by the accessibility walk (praxis/testing/tests/test_accessibility_walk.py) next to axe-core; never served.
// Each check returns a list of {rule, target, html, help}.
(function () {
  "use strict";
  var INTERACTIVE = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], ' +
    '[role="link"], [role="checkbox"], [role="tab"], [tabindex]:not([tabindex="-1"])';

  function describe(el) {
    var parts = [];
    for (var node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
      var part = node.tagName.toLowerCase();
      if (node.id) { parts.unshift(part + "#" + node.id); break; }
      if (node.classList.length) { part += "." + Array.prototype.slice.call(node.classList, 0, 2).join("."); }
      var parent = node.parentElement;
      if (parent) {
        var same = Array.prototype.filter.call(parent.children, function (c) { return c.tagName === node.tagName; });
        if (same.length > 1) { part += ":nth-of-type(" + (same.indexOf(node) + 1) + ")"; }
      }
      parts.unshift(part);
    }
    return parts.join(" > ");
  }

  function finding(rule, el, help) {
    return { rule: rule, target: describe(el), html: el.outerHTML.slice(0, 160), help: help };
  }

  function visible(el) {
    var rect = el.getBoundingClientRect();
    if (rect.width < 2 && rect.height < 2) { return false; }  // hidden, or visually hidden for screen readers
    var style = getComputedStyle(el);
    if (style.visibility !== "visible" || style.display === "none" || parseFloat(style.opacity) === 0) { return false; }
    if (rect.right < 0 || rect.bottom < -window.scrollY - 5000 || rect.left > document.documentElement.scrollWidth) {
      return false;  // moved off-screen until focused (skip link)
    }
    if (el.closest("[hidden], [inert], details:not([open]) > :not(summary)")) { return false; }
    return true;
  }

  function targets() {
    return Array.prototype.filter.call(document.querySelectorAll(INTERACTIVE), function (el) {
      return !el.disabled && visible(el);
    });
  }

  // --- colours -------------------------------------------------------------------------------------------------
  function parseColour(text) {
    var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(text || "");
    if (!m) { return null; }
    return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), m[4] === undefined ? 1 : parseFloat(m[4])];
  }
  function blend(top, bottom) {
    var a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  }
  function backgroundBehind(el) {
    var layers = [];
    for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
      var colour = parseColour(getComputedStyle(node).backgroundColor);
      if (colour && colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) { break; } }
    }
    var result = [255, 255, 255, 1];
    for (var i = layers.length - 1; i >= 0; i--) { result = blend(layers[i], result); }
    return result;
  }
  function luminance(c) {
    var rgb = [c[0], c[1], c[2]].map(function (v) {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // --- 2.5.8 Target size (minimum), with its spacing and inline exceptions ----------------------------------------
  function inlineInText(el) {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") { return false; }
    var block = el.parentElement;
    while (block && getComputedStyle(block).display.indexOf("inline") === 0) { block = block.parentElement; }
    if (!block) { return false; }
    var own = (el.textContent || "").trim().length;
    return (block.textContent || "").replace(/\s+/g, " ").trim().length > own + 3;
  }
  function checkTargets(list) {
    var out = [];
    var rects = list.map(function (el) { return el.getBoundingClientRect(); });
    list.forEach(function (el, i) {
      var r = rects[i];
      if (r.width >= 23.5 && r.height >= 23.5) { return; }
      if (inlineInText(el)) { return; }
      // Spacing exception: a 24 px circle centred on the target must not meet another target or its circle.
      var cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      var crowded = list.some(function (other, j) {
        if (j === i || other.contains(el) || el.contains(other)) { return false; }
        var o = rects[j];
        var dx = Math.max(o.left - cx, 0, cx - o.right), dy = Math.max(o.top - cy, 0, cy - o.bottom);
        if (Math.sqrt(dx * dx + dy * dy) < 12) { return true; }
        if (o.width < 23.5 || o.height < 23.5) {
          var ox = o.left + o.width / 2, oy = o.top + o.height / 2;
          return Math.sqrt((ox - cx) * (ox - cx) + (oy - cy) * (oy - cy)) < 24;
        }
        return false;
      });
      if (crowded) {
        out.push(finding("own-target-size", el, "Target " + Math.round(r.width) + "×" + Math.round(r.height) +
          " px, closer than 24 px to another target (WCAG 2.5.8)"));
      }
    });
    return out;
  }

  // --- 1.4.11 focus indicator contrast, 2.4.7 focus visible, 2.4.11 focus not obscured ------------------------------
  function stickyBoxes() {
    var found = [];
    var all = document.body.getElementsByTagName("*");
    for (var i = 0; i < all.length; i++) {
      var position = getComputedStyle(all[i]).position;
      if (position === "fixed" || position === "sticky") { found.push(all[i]); }
    }
    return found;
  }
  function covered(rect, box) {
    return box.left <= rect.left + 1 && box.right >= rect.right - 1 && box.top <= rect.top + 1 &&
      box.bottom >= rect.bottom - 1;
  }
  function checkFocus(list) {
    var out = [];
    var sticky = stickyBoxes();
    var before = document.activeElement;
    var x = window.scrollX, y = window.scrollY;
    if (sticky.length) { window.scrollTo(0, document.documentElement.scrollHeight); }
    // Backwards, as with Shift+Tab: each element scrolls into view at the top edge, under a sticky header if any.
    for (var i = list.length - 1; i >= 0; i--) {
      var el = list[i];
      if (el.tabIndex < 0 && !el.matches("a[href], button, input, select, textarea, summary")) { continue; }
      el.focus({ preventScroll: !sticky.length });
      if (document.activeElement !== el) { continue; }
      var style = getComputedStyle(el);
      var width = parseFloat(style.outlineWidth) || 0;
      if (style.outlineStyle !== "none" && width >= 1) {
        var ring = parseColour(style.outlineColor);
        var offset = parseFloat(style.outlineOffset) || 0;
        var around = backgroundBehind(offset > 0 ? el.parentElement || el : el);
        if (ring && ring[3] > 0) {
          var ratio = contrast(blend(ring, around), around);
          if (ratio < 3) {
            out.push(finding("own-focus-contrast", el, "Focus ring " + style.outlineColor + " has " +
              ratio.toFixed(2) + ":1 against " + "rgb(" + around.slice(0, 3).map(Math.round).join(",") +
              ") (WCAG 1.4.11 needs 3:1)"));
          }
        }
      } else if (style.boxShadow === "none") {
        out.push(finding("own-focus-visible", el, "No visible focus indicator (WCAG 2.4.7)"));
      }
      if (sticky.length) {
        var rect = el.getBoundingClientRect();
        for (var k = 0; k < sticky.length; k++) {
          if (!sticky[k].contains(el) && covered(rect, sticky[k].getBoundingClientRect())) {
            out.push(finding("own-focus-obscured", el, "Focused element hidden under a sticky or fixed element " +
              describe(sticky[k]) + " (WCAG 2.4.11)"));
            break;
          }
        }
      }
    }
    if (before && before.focus) { before.focus({ preventScroll: true }); } else if (document.activeElement) {
      document.activeElement.blur();
    }
    window.scrollTo(x, y);
    return out;
  }

  // --- ARIA idrefs ---------------------------------------------------------------------------------------------------
  function checkIdrefs() {
    var out = [];
    ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage", "aria-details", "for"].forEach(
      function (attribute) {
        document.querySelectorAll("[" + attribute + "]").forEach(function (el) {
          if (attribute === "for" && el.tagName !== "LABEL") { return; }
          (el.getAttribute(attribute) || "").split(/\s+/).forEach(function (id) {
            if (id && !document.getElementById(id)) {
              out.push(finding("own-idref", el, attribute + ' points at "' + id + '", which does not exist'));
            }
          });
        });
      });
    return out;
  }

  // --- 1.4.10 Reflow: no horizontal scrolling at 320 px ---------------------------------------------------------
  function widest() {
    // The element that sticks out the most to the right: what to fix.
    var limit = document.documentElement.clientWidth, worst = null, worstRight = limit;
    var all = document.body.getElementsByTagName("*");
    for (var i = 0; i < all.length; i++) {
      var r = all[i].getBoundingClientRect();
      if (r.right > worstRight + 1 && r.width > 0 && r.width <= limit * 4) { worst = all[i]; worstRight = r.right; }
    }
    var inner = worst;
    // Prefer the innermost element among those that stick out the same.
    return inner || document.body;
  }
  function checkReflow(rule, help) {
    var doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      return [finding(rule, widest(), help + " (page " + doc.scrollWidth + " px wide in " + doc.clientWidth + ")")];
    }
    return [];
  }

  // --- 1.4.4 Resize text: 200 % without loss of content -------------------------------------------------------------
  function checkText200() {
    var html = document.documentElement;
    var previous = html.style.fontSize;
    html.style.fontSize = "200%";
    var out = checkReflow("own-text-200", "Text at 200 % scrolls sideways (WCAG 1.4.4)");
    var all = document.body.getElementsByTagName("*");
    for (var i = 0; i < all.length && out.length < 50; i++) {
      var el = all[i];
      var hasText = Array.prototype.some.call(el.childNodes, function (n) {
        return n.nodeType === 3 && n.textContent.trim();
      });
      if (!hasText) { continue; }
      var style = getComputedStyle(el);
      var clips = /hidden|clip/.test(style.overflowX + style.overflowY);
      if (!clips || !visible(el)) { continue; }
      if (el.scrollWidth > el.clientWidth + 2 || el.scrollHeight > el.clientHeight + 2) {
        out.push(finding("own-text-200", el, "Text clipped at 200 % (WCAG 1.4.4)"));
      }
    }
    html.style.fontSize = previous;
    return out;
  }

  window.__praxisA11y = {
    // `checks`: which of "targets", "focus", "idrefs", "text200" to run; results are concatenated.
    run: function (checks) {
      var out = [];
      var list = null;
      if (checks.indexOf("idrefs") >= 0) { out = out.concat(checkIdrefs()); }
      if (checks.indexOf("targets") >= 0) { list = targets(); out = out.concat(checkTargets(list)); }
      if (checks.indexOf("focus") >= 0) { out = out.concat(checkFocus(list || targets())); }
      if (checks.indexOf("text200") >= 0) { out = out.concat(checkText200()); }
      if (checks.indexOf("reflow") >= 0) {
        out = out.concat(checkReflow("own-reflow-320", "The page scrolls sideways at 320 px (WCAG 1.4.10)"));
      }
      return out;
    },
  };
})();
