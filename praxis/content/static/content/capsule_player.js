/* Capsule player: HLS through hls.js (or natively on Safari), MP4 fallback, resume position. No inline script. */
(function () {
  "use strict";
  function setup(video) {
    if (video.dataset.ready) { return; }
    video.dataset.ready = "1";
    var hlsUrl = video.dataset.hls;
    var resumeAt = parseFloat(video.dataset.resume || "0") || 0;
    if (hlsUrl) {
      if (window.Hls && window.Hls.isSupported()) {
        var hls = new window.Hls({ enableWorker: false, capLevelToPlayerSize: true, startLevel: -1 });
        hls.on(window.Hls.Events.ERROR, function (event, data) {
          if (data.fatal) {  // fall back to the MP4 file
            hls.destroy();
            var source = video.querySelector("source");
            if (source) { video.src = source.src; video.load(); }
          }
        });
        hls.loadSource(hlsUrl);
        hls.attachMedia(video);
      } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = hlsUrl;
      }
      // Otherwise the <source> MP4 plays.
    }
    video.addEventListener("loadedmetadata", function () {
      if (resumeAt > 5 && resumeAt < video.duration - 5) { video.currentTime = resumeAt; }
    }, { once: true });

    var url = video.dataset.positionUrl;
    if (!url) { return; }
    var lastSent = -1;
    function send(force) {
      var seconds = Math.floor(video.currentTime || 0);
      if (!force && Math.abs(seconds - lastSent) < 10) { return; }
      lastSent = seconds;
      var body = new FormData();
      body.append("seconds", String(seconds));
      body.append("csrfmiddlewaretoken", video.dataset.csrf);
      fetch(url, {
        method: "POST", body: body, credentials: "same-origin", keepalive: true,
        headers: { "X-CSRFToken": video.dataset.csrf }
      }).catch(function () { /* offline: the next call will try again */ });
    }
    video.addEventListener("timeupdate", function () { send(false); });
    video.addEventListener("pause", function () { send(true); });
    video.addEventListener("ended", function () { video.currentTime = 0; send(true); });
    window.addEventListener("pagehide", function () { if (!video.paused) { send(true); } });
  }
  function init() { document.querySelectorAll("video.capsule-video").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:afterSwap", init);
})();

/* Transcript under the video: a time link seeks the player (and plays), the search box filters the passages
   (accents and case ignored), the passage being spoken is marked. Links keep working without JavaScript: they open
   the MP4 at that time. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setup(section) {
    if (section.dataset.ready) { return; }
    section.dataset.ready = "1";
    var video = document.getElementById(section.dataset.video);
    if (!video) { return; }
    var links = Array.prototype.slice.call(section.querySelectorAll("a.cue-time"));
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        video.currentTime = parseFloat(link.dataset.seek) || 0;
        var played = video.play();
        if (played && played.catch) { played.catch(function () { /* autoplay refused: the position is set */ }); }
        video.focus();
      });
    });
    var items = links.map(function (link) {
      return { item: link.parentNode, start: parseFloat(link.dataset.seek) || 0,
               text: fold(link.parentNode.querySelector(".cue-text").textContent) };
    });
    var current = null;
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime, best = null;
      items.forEach(function (entry) {
        if (entry.start <= now + 0.05 && entry.item.offsetParent !== null) { best = entry.item; }
      });
      if (best === current) { return; }
      if (current) { current.removeAttribute("aria-current"); }
      if (best) { best.setAttribute("aria-current", "true"); }
      current = best;
    });
    var box = section.querySelector(".transcript-search");
    var input = box && box.querySelector("input");
    var status = box && box.querySelector("[role=status]");
    if (!input) { return; }
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var found = 0;
      items.forEach(function (entry) {
        var match = words.every(function (word) { return entry.text.indexOf(word) !== -1; });
        entry.item.hidden = !match;
        if (match) { found += 1; }
      });
      if (words.length) {
        section.querySelectorAll("details.transcript-track").forEach(function (details) { details.open = true; });
      }
      status.textContent = !words.length ? "" : found === 0 ? section.dataset.foundNone :
        found === 1 ? section.dataset.foundOne : section.dataset.foundMany.replace("{count}", String(found));
    });
  }
  function init() { document.querySelectorAll("[data-transcript]").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:afterSwap", init);
})();
