// The address page: a small map, and for a signed-in volunteer the confirmation that the plate
// is on the wall. Served as a file so that the page's CSP allows no inline script.
(function () {
  "use strict";
  var PENDING = "diachiso:pending";

  function texts() {
    var el = document.getElementById("texts");
    return el ? JSON.parse(el.textContent) : {};
  }
  var T = texts();
  // The page's language (<html lang>): numbers and dates as the page writes them, and the API's
  // messages in it rather than in the phone's language.
  var LANG = document.documentElement.lang || "vi";
  var NUMBER = new Intl.NumberFormat(LANG, { maximumFractionDigits: 0 });
  var DATE = new Intl.DateTimeFormat(LANG, { day: "2-digit", month: "2-digit", year: "numeric" });
  function say(id, key, values) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var text = T[key] || key;
    Object.keys(values || {}).forEach(function (k) { text = text.replace("{" + k + "}", values[k]); });
    el.textContent = text;
  }

  function showMap() {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") { return; }
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 17);
    // The map_tiles setting's tiles; none ("") keeps the page off every other host.
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    }
    L.circleMarker([lat, lon], { radius: 9, color: "#b71c1c", weight: 3, fillOpacity: 0.6 }).addTo(map);
  }

  function clientId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  function loadPending() {
    try { return JSON.parse(localStorage.getItem(PENDING) || "[]"); } catch (e) { return []; }
  }
  function savePending(list) { localStorage.setItem(PENDING, JSON.stringify(list)); }

  function post(url, body) {
    return fetch(url + "?lang=" + LANG, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(body)
    });
  }

  function showAnswer(answer, later) {
    var d = NUMBER.format(answer.distance_m), m = NUMBER.format(answer.accuracy_m);
    if (later) { say("result", "js.sent_later"); return; }
    if (!answer.created) { say("result", "js.already", { when: DATE.format(new Date(answer.confirmed_at)) }); }
    else if (answer.needs_review) { say("result", "js.review", { d: d, m: m }); }
    else { say("result", "js.ok", { d: d }); }
    var status = document.getElementById("status");
    if (status && T["status.installed"]) { status.textContent = T["status.installed"]; }
  }

  // Send one kept confirmation; it stays kept until the server has answered.
  var sending = false;
  function flush(later) {
    var list = loadPending();
    if (sending || list.length === 0) { return; }
    sending = true;
    var item = list[0];
    post("/api/points/" + item.code + "/installations", item.body).then(function (r) {
      return r.json().then(function (data) {
        savePending(loadPending().filter(function (x) { return x.body.client_id !== item.body.client_id; }));
        sending = false;
        if (r.ok) { showAnswer(data, later); } else { say("result", "js.error", { message: data.error ? data.error.message : r.status }); }
        if (loadPending().length) { flush(later); }
      });
    }).catch(function () {
      sending = false;
      say("result", "js.saved");
    });
  }

  function confirm(code) {
    if (!navigator.geolocation) { say("result", "js.denied"); return; }
    say("result", "js.locating");
    navigator.geolocation.getCurrentPosition(function (pos) {
      say("accuracy", "js.accuracy", { m: NUMBER.format(pos.coords.accuracy) });
      var told = document.getElementById("notified");
      var body = { lat: pos.coords.latitude, lon: pos.coords.longitude,
                   accuracy_m: pos.coords.accuracy, client_id: clientId(),
                   notified: Boolean(told && told.checked) };
      var list = loadPending();
      list.push({ code: code, body: body });
      savePending(list);
      say("result", "js.sending");
      if (navigator.onLine === false) { say("result", "js.saved"); return; }
      flush(false);
    }, function () { say("result", "js.denied"); },
    { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
  }

  // A new household is reported where the volunteer stands: the officer registers it there.
  function report(code, form) {
    var body = { reason: form.reason.value, note: form.note.value || null };
    if (body.reason !== "new_household" || !navigator.geolocation) { sendReport(code, form, body); return; }
    say("report-result", "js.locating");
    navigator.geolocation.getCurrentPosition(function (pos) {
      body.lat = pos.coords.latitude; body.lon = pos.coords.longitude;
      body.accuracy_m = Math.min(pos.coords.accuracy, 1000);
      sendReport(code, form, body);
    }, function () { sendReport(code, form, body); },
    { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
  }

  function sendReport(code, form, body) {
    post("/api/points/" + code + "/reports", body).then(function (r) {
      return r.json().then(function (data) {
        if (r.ok) { say("report-result", "js.reported"); form.reset(); }
        else { say("report-result", "js.error", { message: data.error ? data.error.message : r.status }); }
      });
    }).catch(function () { say("report-result", "js.offline"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showMap();
    var panel = document.getElementById("volunteer");
    var button = document.getElementById("confirm");
    if (panel && button) {
      var code = panel.dataset.code;
      button.addEventListener("click", function () { confirm(code); });
      var form = document.getElementById("report");
      form.addEventListener("submit", function (e) { e.preventDefault(); report(code, form); });
    }
    if (document.getElementById("result")) {
      window.addEventListener("online", function () { flush(true); });
      window.setInterval(function () { if (navigator.onLine !== false) { flush(true); } }, 5000);
      if (navigator.onLine !== false) { flush(true); }
    }
  });
})();
