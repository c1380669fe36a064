/* Resumable capsule upload (tus 1.0) with an accessible progress bar. No inline script: strict CSP. */
(function () {
  "use strict";
  var form = document.getElementById("capsule-upload");
  if (!form || !window.tus) { return; }
  var input = document.getElementById("capsule-file");
  var start = document.getElementById("capsule-start");
  var pause = document.getElementById("capsule-pause");
  var resume = document.getElementById("capsule-resume");
  var box = form.querySelector(".capsule-progress");
  var bar = document.getElementById("capsule-progress-bar");
  var message = document.getElementById("capsule-upload-message");
  var data = form.dataset;
  var upload = null;
  var lastAnnounced = -10;

  function say(text, isError) {
    message.textContent = text;
    message.classList.toggle("error", !!isError);
  }
  function size(bytes) {
    var units = ["o", "Ko", "Mo", "Go"];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i += 1; }
    return bytes.toFixed(i ? 1 : 0).replace(".", ",") + " " + units[i];
  }
  function progress(sent, total) {
    var percent = total ? Math.floor((sent / total) * 100) : 0;
    bar.value = percent;
    bar.textContent = percent + " %";
    // Announce every 10 % only, so that screen readers are not flooded.
    if (percent - lastAnnounced >= 10 || percent === 100) {
      lastAnnounced = percent;
      say(data.msgSending.replace("{percent}", percent + " %").replace("{sent}", size(sent)).replace("{total}", size(total)));
    }
  }
  function serverMessage(error) {
    var response = error && error.originalResponse;
    var body = response && response.getBody && response.getBody();
    if (body && body.length < 300) { return body; }
    return error && error.message ? error.message.split("\n")[0] : "";
  }
  function refreshStatus() {
    var status = document.querySelector(".capsule-status");
    if (status && window.htmx) {
      window.htmx.ajax("GET", data.statusUrl, { target: status, swap: "outerHTML" });
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files && input.files[0];
    if (!file) { say(data.msgNotVideo, true); input.focus(); return; }
    if (file.size > Number(data.maxBytes)) { say(data.msgTooLarge, true); return; }
    if (file.type && file.type.indexOf("video/") !== 0) { say(data.msgNotVideo, true); return; }
    lastAnnounced = -10;
    box.hidden = false;
    start.disabled = true;
    upload = new window.tus.Upload(file, {
      endpoint: data.endpoint,
      chunkSize: 5 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
      headers: { "X-CSRFToken": data.csrf },
      metadata: { filename: file.name, filetype: file.type || "" },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: progress,
      onShouldRetry: function (error, retryAttempt, options) {
        var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        if (status === 0 || status >= 500 || status === 409 || status === 423) {
          say(data.msgRetrying);
          return true;
        }
        return false;
      },
      onError: function (error) {
        start.disabled = false;
        pause.hidden = true;
        resume.hidden = true;
        say(data.msgFailed + " " + serverMessage(error), true);
      },
      onSuccess: function () {
        bar.value = 100;
        pause.hidden = true;
        resume.hidden = true;
        start.disabled = false;
        say(data.msgDone);
        refreshStatus();
      }
    });
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        say(data.msgResumed);
      }
      upload.start();
      pause.hidden = false;
    });
  });

  pause.addEventListener("click", function () {
    if (!upload) { return; }
    upload.abort();
    pause.hidden = true;
    resume.hidden = false;
    resume.focus();
    say(data.msgPaused);
  });
  resume.addEventListener("click", function () {
    if (!upload) { return; }
    upload.start();
    resume.hidden = true;
    pause.hidden = false;
    pause.focus();
  });
  // Back online after a drop: resume at once instead of waiting for the next retry.
  window.addEventListener("online", function () {
    if (upload && !pause.hidden) { upload.start(); }
  });
})();
