// Chair-rise timer: a progressive enhancement. Without JavaScript the time is typed in the field below it.
(function () {
  "use strict";
  function setup(box) {
    var input = document.getElementById(box.dataset.target);
    if (!input) { return; }
    var value = box.querySelector("[data-timer-value]");
    var start = box.querySelector("[data-timer-start]");
    var stop = box.querySelector("[data-timer-stop]");
    var status = box.querySelector("[data-timer-status]");
    var decimal = (0.5).toLocaleString(document.documentElement.lang).charAt(1);
    var began = 0, ticking = 0;
    function show(seconds) { value.textContent = seconds.toFixed(1).replace(".", decimal); }
    start.addEventListener("click", function () {
      began = performance.now();
      start.disabled = true; stop.disabled = false; stop.focus();
      status.textContent = start.dataset.running || "";
      ticking = window.setInterval(function () { show((performance.now() - began) / 1000); }, 100);
    });
    stop.addEventListener("click", function () {
      window.clearInterval(ticking);
      var seconds = Math.round((performance.now() - began) / 100) / 10;
      show(seconds);
      input.value = seconds.toFixed(1).replace(".", decimal);
      start.disabled = false; stop.disabled = true; start.focus();
      status.textContent = stop.dataset.done ? stop.dataset.done.replace("{seconds}", input.value) : input.value + " s";
    });
    box.hidden = false;
    var hint = box.parentNode.querySelector(".no-js-hint");
    if (hint) { hint.hidden = true; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-timer]").forEach(setup);
  });
})();
