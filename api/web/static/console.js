// The console's long work, said while it lasts (served as a file: the CSP allows no inline
// script).
// - The import form: choosing a file sends it at once (nothing is written before the officer
//   presses "Nhập"), with the upload's progress; once it is kept, the page opens its preview and
//   says it is reading the file until the preview arrives. A file above the limit is refused
//   here, before a long upload that the server would refuse too. Without this script the form
//   posts as a plain form and the preview comes back as its answer.
// - The import's settings that only one target uses show for that target only.
// - Any form with data-busy (import, revise, print) says so with a counter once sent, and is not
//   sent twice: a second click does nothing.
"use strict";
(function () {
  var LANG = document.documentElement.lang || "vi";
  var PERCENT = new Intl.NumberFormat(LANG, { style: "percent" });
  var NUMBER = new Intl.NumberFormat(LANG);

  function fill(template, values) {
    return Object.keys(values).reduce(function (text, k) {
      return text.split("{" + k + "}").join(values[k]);
    }, template || "");
  }

  // A status line after ``anchor``: a spinner, a text and, for an upload, a progress bar.
  function statusLine(anchor, id) {
    var line = document.createElement("p");
    line.className = "busy";
    line.id = id;
    line.setAttribute("role", "status");
    line.setAttribute("aria-live", "polite");
    var spinner = document.createElement("span");
    spinner.className = "spinner";
    spinner.setAttribute("aria-hidden", "true");
    var text = document.createElement("span");
    text.className = "busy-text";
    line.appendChild(spinner);
    line.appendChild(text);
    anchor.parentNode.insertBefore(line, anchor.nextSibling);
    return line;
  }

  // Say ``template`` with the seconds since now, every second, until the page goes.
  function counting(line, template) {
    var start = Date.now();
    var text = line.querySelector(".busy-text");
    function tick() {
      text.textContent = fill(template, { seconds: NUMBER.format(Math.floor((Date.now() - start) / 1000)) });
    }
    tick();
    return window.setInterval(tick, 1000);
  }

  function busyForms() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-busy]"), function (form) {
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-sent")) {
          event.preventDefault();  // already sent: the first click's work goes on
          return;
        }
        form.setAttribute("data-sent", "1");
        var buttons = form.querySelectorAll("button");
        // Disabled after the form data is taken, so the clicked button's value is still sent.
        window.setTimeout(function () {
          Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
        }, 0);
        var last = buttons.length ? buttons[buttons.length - 1] : form.lastElementChild;
        counting(statusLine(last, (form.id || "form") + "-busy"), form.getAttribute("data-busy"));
      });
    });
  }

  function uploadForm() {
    var form = document.getElementById("upload");
    var input = document.getElementById("file");
    if (!form || !input || !window.FormData) return;
    var button = document.getElementById("preview-button");
    var tooLarge = document.getElementById("too-large");
    var words = form.dataset;
    var sending = false;
    var line = null;
    var counter = null;  // the reading's counter, stopped when the upload fails

    function say(text) {
      if (!line) {
        line = statusLine(button, "upload-status");
        line.appendChild(document.createElement("progress")).max = 1;
      }
      line.querySelector(".busy-text").textContent = text;
    }

    function failed(reason) {
      window.clearInterval(counter);
      sending = false;
      input.disabled = button.disabled = false;
      line.querySelector(".spinner").hidden = true;
      line.querySelector("progress").hidden = true;
      say(fill(words.failed, { reason: reason }));
    }

    function refusal(html) {
      var found = new DOMParser().parseFromString(html, "text/html").getElementById("message");
      return found ? found.textContent : "";
    }

    function send() {
      if (sending) return;  // one upload at a time: a second click does not start another
      sending = true;
      var data = new FormData(form);
      input.disabled = button.disabled = true;
      say(fill(words.uploading, { percent: PERCENT.format(0) }));
      line.querySelector(".spinner").hidden = false;
      var bar = line.querySelector("progress");
      bar.hidden = false;
      bar.value = 0;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", words.upload);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        bar.value = e.loaded / e.total;
        say(fill(words.uploading, { percent: PERCENT.format(e.loaded / e.total) }));
      });
      xhr.upload.addEventListener("load", function () {
        bar.hidden = true;
        counter = counting(line, words.reading);
      });
      xhr.addEventListener("load", function () {
        if (xhr.status !== 201) {
          failed(refusal(xhr.responseText));
          return;
        }
        // The preview is read while the browser waits for it; this page keeps counting.
        window.location.assign(JSON.parse(xhr.responseText).next);
      });
      xhr.addEventListener("error", function () { failed(""); });
      xhr.send(data);
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var max = Number(input.getAttribute("data-max-bytes"));
      if (max && file.size > max) {
        tooLarge.hidden = false;
        input.value = "";
        return;
      }
      tooLarge.hidden = true;
      send();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.files && input.files[0]) send();
    });
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;  // back to this page: its file can be sent again
      sending = false;
      input.disabled = button.disabled = false;
      line = null;
    });
  }

  // The settings only one target uses (the points' kind, replacing outlines) follow the choice.
  function targets() {
    Array.prototype.forEach.call(document.querySelectorAll("select.import-target"), function (select) {
      function show() {
        Array.prototype.forEach.call(select.form.querySelectorAll(".for-points, .for-villages"), function (el) {
          el.hidden = !el.classList.contains("for-" + select.value);
        });
      }
      select.addEventListener("change", show);
      show();
    });
  }

  // Back to a page the browser kept (back button): its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-sent]"), function (form) {
      form.removeAttribute("data-sent");
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = false; });
    });
    Array.prototype.forEach.call(document.querySelectorAll("p.busy"), function (p) { p.remove(); });
  });

  busyForms();
  uploadForm();
  targets();
})();
