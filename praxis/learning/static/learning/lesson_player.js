/* Lesson player: plays the capsule (hls.js, MP4 fallback), resumes, and reports the stretches actually played.
   A stretch ends at every seek, so jumping ahead never counts as watching; the server keeps the union and decides
   completion. Reports every 10 s while playing, on pause, and when the page is hidden or closed. No inline script. */
(function () {
  "use strict";
  var REPORT_EVERY_MS = 10000;

  function setup(video) {
    if (video.dataset.ready) { return; }
    video.dataset.ready = "1";
    var hlsUrl = video.dataset.hls;
    if (hlsUrl && window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls({ enableWorker: false, capLevelToPlayerSize: true });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (data.fatal) { hls.destroy(); var s = video.querySelector("source"); if (s) { video.src = s.src; video.load(); } }
      });
      hls.loadSource(hlsUrl);
      hls.attachMedia(video);
    } else if (hlsUrl && video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = hlsUrl;
    }
    var resumeAt = parseFloat(video.dataset.resume || "0") || 0;
    video.addEventListener("loadedmetadata", function () {
      if (resumeAt > 2 && resumeAt < video.duration - 2) { video.currentTime = resumeAt; }
    }, { once: true });

    var url = video.dataset.heartbeatUrl;
    if (!url) { return; }
    var status = document.getElementById("watch-status");
    var pending = [];       // stretches played since the last report
    var current = null;     // the stretch being played: [start, end]
    var lastTime = null;

    function closeStretch() {
      if (current && current[1] > current[0]) { pending.push([current[0], current[1]]); }
      current = null;
    }
    video.addEventListener("timeupdate", function () {
      var t = video.currentTime;
      if (video.paused || video.seeking) { lastTime = t; return; }
      // A forward step longer than a few seconds between two updates is a jump, not playing.
      if (current && lastTime !== null && t >= lastTime && t - lastTime < 3) { current[1] = t; }
      else { closeStretch(); current = [t, t]; }
      lastTime = t;
    });
    video.addEventListener("playing", function () {
      // A stretch starts where playing starts (the first timeupdate comes a quarter of a second later).
      if (!current) { current = [video.currentTime, video.currentTime]; }
      lastTime = video.currentTime;
    });
    video.addEventListener("seeking", function () { closeStretch(); lastTime = null; });
    video.addEventListener("pause", function () { extend(); closeStretch(); send(); });
    video.addEventListener("ended", function () { extend(); closeStretch(); send(); });
    function extend() {  // up to where the video stopped, when that follows on from the stretch
      var t = video.currentTime;
      if (current && t >= current[1] && t - current[1] < 3) { current[1] = t; }
    }

    function send() {
      if (current) { pending.push([current[0], current[1]]); current = [current[1], current[1]]; }
      var played = pending.filter(function (p) { return p[1] > p[0]; });
      pending = [];
      if (!played.length) { return; }
      fetch(url, {
        method: "POST", credentials: "same-origin", keepalive: true,
        headers: { "Content-Type": "application/json", "X-CSRFToken": video.dataset.csrf },
        body: JSON.stringify({ played: played, position: video.currentTime || 0 })
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || !status) { return; }
          status.textContent = data.completed ? status.dataset.doneText
            : status.dataset.watchedText.replace("__P__", String(data.percent));
        })
        .catch(function () { /* offline: these seconds are lost, the next stretches still count */ });
    }
    window.setInterval(function () { if (!video.paused) { send(); } }, REPORT_EVERY_MS);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { send(); } });
    window.addEventListener("pagehide", send);
  }
  function init() { document.querySelectorAll("video.lesson-video").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:afterSwap", init);
})();
