/* The SCORM lesson page (platform origin): launches the package's runtime frame on the SCORM content origin and
 * carries its commits to the server with the member's session.
 *
 * Only messages from that origin AND from that frame's window are read; the page never runs package code. Each
 * launch of a SCO gets an id; the frame's states are numbered, the latest is sent on Commit/Finish at once, at most
 * every 10 s otherwise, and again (fetch keepalive) when the page is hidden or closed. The server takes a commit
 * once (launch, sequence), so resending is harmless.
 */
(function () {
  "use strict";
  var root = document.getElementById("scorm-player");
  if (!root) return;
  var config = JSON.parse(document.getElementById("scorm-launch").textContent);
  var frame = root.querySelector("iframe");
  var statusLine = document.getElementById("scorm-status");
  var items = {};
  config.items.forEach(function (item) { items[item.identifier] = item; });
  var launches = {};  // launch id -> {item, latest, sentSeq}
  var current = null;
  var seq = 0;
  var timer = null;

  function newId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function say(text) { if (statusLine && text) statusLine.textContent = text; }

  function show(identifier, result) {
    var mark = document.querySelector('[data-scorm-item="' + identifier + '"] [data-scorm-state]');
    if (mark && result.label) mark.textContent = result.label;
    say(result.message);
  }

  function send(launch, keepalive) {
    var entry = launches[launch];
    if (!entry || !entry.latest || entry.latest.seq <= entry.sentSeq || !entry.item.commitUrl) return;  // preview
    var latest = entry.latest;
    var body = JSON.stringify({
      launch: launch, seq: latest.seq, terminated: latest.terminated, status_set_by_sco: latest.status_set_by_sco,
      elapsed: latest.elapsed, cmi: latest.cmi
    });
    entry.sentSeq = latest.seq;
    fetch(entry.item.commitUrl, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive && body.length < 60000,
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf }, body: body
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (result) {
      if (result.resume) entry.item.cmi = result.resume;  // a SCO opened again in this page resumes from here
      show(entry.item.identifier, result);
    }).catch(function () {
      if (entry.sentSeq === latest.seq) entry.sentSeq = latest.seq - 1;  // sent again with the next state
      say(config.messages.failed);
    });
  }

  function sendAll(keepalive) {
    Object.keys(launches).forEach(function (launch) { send(launch, keepalive); });
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; sendAll(false); }, 10000);
  }

  function open(identifier) {
    var item = items[identifier];
    if (!item) return;
    sendAll(false);
    current = { id: newId(), item: item };
    launches[current.id] = { item: item, latest: null, sentSeq: 0 };
    document.querySelectorAll("[data-scorm-item]").forEach(function (row) {
      if (row.dataset.scormItem === identifier) row.setAttribute("aria-current", "step");
      else row.removeAttribute("aria-current");
    });
    frame.title = item.title;
    frame.src = config.playerUrl;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== config.contentOrigin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === "scorm:ready" && current) {
      frame.contentWindow.postMessage({ type: "scorm:launch", launch: current.id, src: current.item.src,
                                        cmi: current.item.cmi }, config.contentOrigin);
    } else if (data.type === "scorm:state" && launches[data.launch] && data.cmi && typeof data.cmi === "object") {
      seq += 1;
      launches[data.launch].latest = {
        seq: seq, terminated: !!data.terminated, status_set_by_sco: !!data.status_set_by_sco,
        elapsed: Number(data.elapsed) || 0, cmi: data.cmi
      };
      root.dataset.stateSeq = String(seq);  // what the page holds (tests wait for it)
      if (data.urgent) send(data.launch, false); else schedule();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") sendAll(true);
  });
  window.addEventListener("pagehide", function () { sendAll(true); });
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-scorm-open]");
    if (button) open(button.dataset.scormOpen);
  });
  open(config.start);
})();
