/* The SCORM runtime's frame, on the SCORM content origin (never the platform's).
 *
 * It holds scorm-again's Scorm12API / Scorm2004API as window.API / window.API_1484_11, where the SCO (in the frame
 * inside this one) finds it by walking up its parents. The runtime's commits do not go to the network from here:
 * scorm-again's transport is replaced by a postMessage to the lesson page (the parent, on the platform origin, checked
 * by its origin), which sends them to the server with the member's session. Every change of the CMI data is also
 * posted (coalesced), so the lesson page always holds the latest state and can send it when the page is hidden or
 * closed, even if the SCO never commits.
 */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("scorm-config").textContent);
  var parentOrigin = config.parentOrigin;
  var v2004 = config.version !== "1.2";
  var api = null;
  var launchId = "";
  var statusSet = false;
  var terminated = false;
  var started = Date.now();
  var queued = false;

  function post(message) {
    window.parent.postMessage(message, parentOrigin);
  }

  function state(urgent) {
    if (!api) return;
    post({
      type: "scorm:state", launch: launchId, urgent: !!urgent, terminated: terminated, status_set_by_sco: statusSet,
      elapsed: (Date.now() - started) / 1000, cmi: JSON.parse(JSON.stringify(api.cmi))
    });
  }

  function soon() {
    if (queued) return;
    queued = true;
    // At the end of the SCO's current task: several SetValue calls in a row make one message.
    Promise.resolve().then(function () { queued = false; state(false); });
  }

  // scorm-again calls this for LMSCommit/Commit and LMSFinish/Terminate ("immediate" is the terminating one).
  var transport = {
    processHttpRequest: function (url, params, immediate) {
      if (immediate) terminated = true;
      state(true);
      return { result: "true", errorCode: 0 };
    },
    updateSettings: function () {}
  };

  function launch(data) {
    var settings = {
      lmsCommitUrl: "postmessage", httpService: transport, autocommit: false, logLevel: 5,
      sendFullCommit: true, renderCommonCommitFields: false, autoCompleteLessonStatus: false
    };
    api = v2004 ? new Scorm2004API(settings) : new Scorm12API(settings);
    api.loadFromJSON(data.cmi || {}, "");
    launchId = data.launch;
    api.on(v2004 ? "SetValue.cmi.*" : "LMSSetValue.cmi.*", soon);
    api.on(v2004 ? "SetValue.cmi.completion_status" : "LMSSetValue.cmi.core.lesson_status",
      function () { statusSet = true; });
    if (v2004) api.on("SetValue.cmi.success_status", function () { statusSet = true; });
    api.on(v2004 ? "Initialize" : "LMSInitialize", function () { started = Date.now(); soon(); });
    api.on(v2004 ? "Terminate" : "LMSFinish", function () { terminated = true; state(true); });
    if (v2004) window.API_1484_11 = api; else window.API = api;
    document.getElementById("sco").src = data.src;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    var data = event.data || {};
    if (data.type === "scorm:launch" && !api && typeof data.src === "string" && data.src.indexOf("../f/") === 0) {
      launch(data);
    } else if (data.type === "scorm:flush") {
      state(true);
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") state(true);
  });
  window.addEventListener("pagehide", function () { state(true); });
  post({ type: "scorm:ready" });
})();
