// The member's questionnaire in one document: one page shown at a time, each saved in the
// background when the member moves on. No framework, no inline script (CSP script-src 'self').
//
// Without this script nothing changes: the intro's link leads to the server-rendered pages,
// and the document, if opened, shows the member's current page, whose form posts as usual.
// With it, a failed background save falls back to that ordinary post, so nothing answered
// is ever lost: the server keeps exactly what it kept before, page by page.
(function () {
  "use strict";

  // On the intro and the thank-you page: lead to the one-document questionnaire.
  document.querySelectorAll("[data-document-href]").forEach(function (link) {
    link.setAttribute("href", link.dataset.documentHref);
  });

  var root = document.querySelector("[data-questionnaire]");
  if (!root) { return; }
  var sections = Array.prototype.slice.call(root.querySelectorAll("section[data-page]"));
  var label = root.querySelector("[data-progress-label]");
  var progress = root.querySelector("[data-progress]");
  var saveError = root.querySelector("[data-save-error]");
  var BACKGROUND = ["next", "back", "save"];
  var HEADER = "X-Faultline-Background-Save";

  function sectionOf(number) {
    return sections.filter(function (section) { return Number(section.dataset.page) === number; })[0];
  }

  function answeredIn(section) {
    var names = {};
    section.querySelectorAll("input[type=radio]:checked").forEach(function (input) { names[input.name] = true; });
    return Object.keys(names).length;
  }

  function updateReview() {
    var total = 0;
    sections.forEach(function (section) {
      var count = answeredIn(section);
      total += count;
      var cell = root.querySelector("[data-review-count='" + section.dataset.page + "']");
      if (cell) { cell.textContent = String(count); }
    });
    var answered = root.querySelector("[data-review-answered]");
    if (answered) { answered.textContent = String(total); }
  }

  function show(number) {
    sections.forEach(function (section) { section.hidden = Number(section.dataset.page) !== number; });
    var text = "Page " + number + " of " + sections.length;
    label.textContent = text;
    progress.value = number;
    progress.textContent = text;
    updateReview();
    window.scrollTo(0, 0);
    // Tell screen readers and keyboard users where they are: the new page's heading.
    sectionOf(number).querySelector("h1").focus();
  }

  // The ordinary post, as without the script: the server saves and redirects.
  function postOrdinarily(form, action) {
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "action";
    field.value = action;
    form.appendChild(field);
    form.submit();
  }

  function saveInBackground(form, action) {
    var number = Number(form.dataset.pageForm);
    var body = new FormData(form);
    body.set("action", action);
    form.dataset.saving = "1";
    var headers = { Accept: "application/json" };
    headers[HEADER] = "1";
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: headers })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function () {
        delete form.dataset.saving;
        if (action === "next") { show(number + 1); }
        else if (action === "back" && number > 1) { show(number - 1); }
        else if (action === "back") { window.location.assign(root.dataset.startUrl); }
        else { updateReview(); }
      })
      .catch(function () {
        saveError.hidden = false;
        postOrdinarily(form, action);
      });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    var action = event.submitter ? event.submitter.value : "next";
    if (BACKGROUND.indexOf(action) === -1) { return; }  // submitting: an ordinary post
    event.preventDefault();
    if (form.dataset.saving) { return; }  // a double click: the first save is on its way
    saveInBackground(form, action);
  });

  // The review's links show their page, saving nothing (the last page's form is not left).
  root.addEventListener("click", function (event) {
    var link = event.target.closest("[data-show-page]");
    if (!link) { return; }
    event.preventDefault();
    show(Number(link.dataset.showPage));
  });

  updateReview();
})();
