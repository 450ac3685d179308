// The report status page: poll the job's progress and move the bar; reload when it ends,
// so that the server shows the download or the error. No framework, no inline script (CSP).
(function () {
  "use strict";
  var section = document.querySelector("[data-report-status]");
  if (!section) { return; }
  var url = section.dataset.progressUrl;
  var outer = section.querySelector("[data-report-bar-outer]");
  var bar = section.querySelector("[data-report-bar]");
  var message = section.querySelector("[data-report-message]");
  var ACTIVE = ["queued", "running"];
  var INTERVAL = 1000; // milliseconds

  function showProgress(progress) {
    if (!bar) { return; }
    bar.style.width = progress + "%";
    bar.textContent = progress + "%";
    outer.setAttribute("aria-valuenow", String(progress));
  }

  function show(job) {
    showProgress(job.progress);
    if (message.textContent !== job.message) { message.textContent = job.message; }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (job) {
        if (ACTIVE.indexOf(job.state) === -1) { window.location.reload(); return; }
        show(job);
        window.setTimeout(poll, INTERVAL);
      })
      // A network blip is no reason to stop following the job: try again a little later.
      .catch(function () { window.setTimeout(poll, INTERVAL * 5); });
  }

  showProgress(Number(section.dataset.progress));
  if (ACTIVE.indexOf(section.dataset.state) !== -1) { window.setTimeout(poll, INTERVAL); }
})();
