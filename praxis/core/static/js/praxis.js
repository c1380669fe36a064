// Praxis: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  // The header menu is a <details> element: collapsed behind a "Menu" button on phones, always open on wide screens.
  var menu = document.querySelector("details.menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 56rem)");
    var sync = function () { if (wide.matches) { menu.setAttribute("open", ""); } else { menu.removeAttribute("open"); } };
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
    // Escape closes the opened menu on phones and gives the focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !menu.open || wide.matches) { return; }
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  }
  // After an htmx swap removed the focused control (a "Register" button replaced by the new state), keyboard and
  // screen-reader users keep their place: the focus goes to the swapped region, which names itself.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    if (!target || !target.isConnected || (active && active !== document.body && active.isConnected)) { return; }
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus({ preventScroll: false });
  });
  // A table wider than the screen scrolls in its wrapper: keyboard users reach it (Tab, then arrows), screen
  // readers hear it as a region named by the table's caption (WCAG 2.1.1).
  var scrollables = function () {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) { return; }
      wrap.setAttribute("tabindex", "0");
      var caption = wrap.querySelector("caption");
      if (caption) {
        caption.id = caption.id || "caption-" + Math.random().toString(36).slice(2);
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-labelledby", caption.id);
      }
    });
  };
  scrollables();
  window.addEventListener("resize", scrollables);
  document.addEventListener("htmx:afterSettle", scrollables);
  // A form sent back with errors: the focus goes to the first field in error, whose description is its message.
  var invalid = document.querySelector("main [aria-invalid='true']");
  if (invalid && !document.querySelector("main [autofocus]")) { invalid.focus(); }
})();
