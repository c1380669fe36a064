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
