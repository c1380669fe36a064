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
  }
})();
