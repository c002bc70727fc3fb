// The in-page scanner of the field app (/field): the camera opens inside the page and reads the
// QR of one plate after another, each opening its confirmation card (window.diachisoCard, from
// field_card.js), without leaving the worklist. Where the browser cannot read QR codes itself
// (no BarcodeDetector) or the camera is refused, the phone's camera app takes a photo instead,
// read here when a detector exists, else by the server (POST /api/field/scan).
"use strict";
(function () {
  const root = document.getElementById("field");
  const open = document.getElementById("scan-open");
  if (!root || !open) return;
  const texts = JSON.parse(document.getElementById("field-texts").textContent);
  const lang = root.dataset.lang;
  const panel = document.getElementById("scan-panel");
  const video = document.getElementById("scan-video");
  const say = document.getElementById("scan-say");
  const photo = document.getElementById("scan-photo");
  const file = document.getElementById("scan-file");
  const close = document.getElementById("scan-close");

  // A few looks a second, not every frame: a cheap phone's CPU also draws the page and the map.
  const EVERY_MS = 300;
  // The plate just read stays in view while the volunteer closes its card: it is read again
  // only once it has been out of the camera's view this long (or another plate was read).
  const FORGET_MS = 3000;
  // The Damm table of the code's check digit (addrgen/checkdigit.py): a misread or a made-up
  // number never opens a card for a neighbour's code.
  const DAMM = [
    "0317598642", "7092154863", "4206871359", "1750983426", "6123045978",
    "3674209581", "5869720134", "8945362017", "9438617205", "2581436790",
  ];

  let detector = null;
  let stream = null;
  let starting = false; // a camera being asked for: never two streams at once
  let timer = 0;
  // "closed", "starting", "camera" (reading frames), "photo" (the fallback), "card" (a plate's
  // card is open over the page)
  let mode = "closed";
  let last = null; // {code, seen}: the plate just read, ignored while it stays in view

  const word = (key, values) =>
    texts["scan." + key].replace(/\{(\w+)\}/g, (_, name) => String((values || {})[name]));
  const tell = (key, values) => { say.textContent = word(key, values); };

  function checked(digits) {
    let interim = 0;
    for (const d of digits) interim = Number(DAMM[interim][Number(d)]);
    return interim === 0;
  }

  // A plate's QR holds PUBLIC_URL + "/A/" + code in upper case; any host is taken (the plates
  // may have been printed under another address of the app), the path and the code are checked.
  function plateCode(text) {
    let url;
    try { url = new URL(String(text).trim()); } catch (e) { return null; }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    const found = /^(?:\/.*)?\/A\/(\d{11})\/?$/i.exec(url.pathname);
    return found && checked(found[1]) ? found[1] : null;
  }

  async function makeDetector() {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    } catch (e) {
      return null;
    }
  }

  function stopCamera() {
    clearTimeout(timer);
    timer = 0;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
    video.hidden = true;
  }

  async function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return false;
    if (starting || stream) return true;
    tell("starting");
    starting = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" } },
      });
    } catch (e) {
      return false; // refused, or no camera: the photo fallback
    } finally {
      starting = false;
    }
    // Closed, or the page hidden, while the camera opened: let it go at once.
    if (mode !== "camera" || document.hidden) { stopCamera(); return true; }
    video.srcObject = stream;
    video.hidden = false;
    try { await video.play(); } catch (e) { /* muted inline video: plays once frames come */ }
    tell("aim");
    timer = setTimeout(look, EVERY_MS);
    return true;
  }

  async function look() {
    if (mode !== "camera" || !stream) return;
    let found = [];
    if (video.readyState >= 2) {
      try { found = await detector.detect(video); } catch (e) { found = []; }
    }
    if (mode !== "camera") return;
    if (!read(found.map((b) => b.rawValue))) timer = setTimeout(look, EVERY_MS);
  }

  // What one look saw: true when a plate was read (the camera then pauses for its card).
  function read(values) {
    const now = Date.now();
    const codes = values.map(plateCode);
    const code = codes.find((c) => c && !(last && last.code === c));
    if (code) {
      opened(code);
      return true;
    }
    if (last && codes.includes(last.code)) {
      last.seen = now;
      tell("same_plate", { code: spaced(last.code) });
    } else if (values.length) {
      tell("not_plate");
    } else if (last && now - last.seen > FORGET_MS) {
      last = null;
      tell("aim");
    }
    return false;
  }

  // The code as the plate prints it: area, serial, check digit.
  const spaced = (code) => code.slice(0, 5) + " " + code.slice(5, 10) + " " + code.slice(10);

  // A plate read: the camera stops while its card is open (the card may take a photo with the
  // phone's camera, which a running stream would hold), and starts again once it closes.
  function opened(code) {
    last = { code: code, seen: Date.now() };
    mode = "card";
    stopCamera();
    panel.hidden = true;
    const card = window.diachisoCard;
    if (!card || typeof card.open !== "function") {
      // Without the card (its script failed to load): the plate's own page.
      window.location.href = "/A/" + code + "?lang=" + lang;
      return;
    }
    // The card says when it closes: a "close" event (it is an EventTarget, as the outbox is),
    // or the promise its open() returns; either resumes the scanning, the second is a no-op.
    if (typeof card.addEventListener === "function") {
      card.addEventListener("close", resume, { once: true });
    }
    plateOf(code).then((plate) => {
      const shown = card.open(code, plate);
      if (shown && typeof shown.then === "function") shown.then(resume, resume);
    });
  }

  // The worklist's item for the code, as the worklist last kept it on the phone (field.js puts
  // it in diachisoStore): the card then shows the house and its head, so the volunteer sees at
  // once whether the plate is this door's. A plate of another village opens with its code only.
  async function plateOf(code) {
    const store = window.diachisoStore;
    if (!store) return undefined;
    try {
      const kept = await store.get("worklist");
      return kept ? kept.data.plates.find((p) => p.code === code) : undefined;
    } catch (e) {
      return undefined;
    }
  }

  function resume() {
    if (mode === "card") start();
  }

  async function start() {
    mode = "starting";
    panel.hidden = false;
    open.setAttribute("aria-expanded", "true");
    photo.hidden = true;
    if (detector === null) detector = await makeDetector();
    if (mode !== "starting") return; // closed while the detector was asked for
    if (detector) {
      mode = "camera";
      if (await startCamera() || mode !== "camera") return; // reading, or closed meanwhile
      mode = "photo";
      fallback("no_camera");
      return;
    }
    mode = "photo";
    fallback(navigator.onLine === false ? "offline" : "no_detector");
  }

  function fallback(key) {
    stopCamera();
    photo.hidden = false;
    tell(key);
  }

  function stop() {
    mode = "closed";
    stopCamera();
    panel.hidden = true;
    open.setAttribute("aria-expanded", "false");
    open.focus();
  }

  // The camera app's photo: read by this phone's detector when it has one, else by the server.
  async function photographed() {
    const picture = file.files && file.files[0];
    file.value = "";
    if (!picture) return;
    tell("reading");
    if (detector) {
      last = null; // a photo is taken on purpose: the same plate again is the volunteer's wish
      let found = [];
      try {
        const bitmap = await createImageBitmap(picture);
        found = await detector.detect(bitmap);
      } catch (e) { found = []; }
      if (!read(found.map((b) => b.rawValue)) && !found.length) tell("no_qr");
      return;
    }
    await sendPhoto(picture);
  }

  function csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    const field = document.querySelector('input[name="csrf_token"]');
    return meta ? meta.content : field ? field.value : "";
  }

  async function sendPhoto(picture) {
    if (navigator.onLine === false) { tell("offline"); return; }
    const form = new FormData();
    form.append("image", picture, picture.name || "plate.jpg");
    let answer;
    try {
      answer = await fetch("/api/field/scan?lang=" + lang, {
        method: "POST",
        body: form,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRF-Token": csrf() },
      });
    } catch (e) {
      tell("offline"); // no signal: the camera app's own QR reader opens the plate's page
      return;
    }
    const body = await answer.json().catch(() => null);
    if (answer.ok && body && /^\d{11}$/.test(body.code) && checked(body.code)) {
      last = null; // a photo is taken on purpose: the same plate again is the volunteer's wish
      opened(body.code);
    } else if (body && body.error && body.error.message) {
      say.textContent = body.error.message; // the server's words, in the page's language
    } else {
      tell("failed");
    }
  }

  open.addEventListener("click", () => { if (mode === "closed") start(); });
  close.addEventListener("click", stop);
  file.addEventListener("change", photographed);
  // A hidden page (another app, the screen off) lets the camera go; it comes back on return.
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) stopCamera();
    else if (mode === "camera" && !stream) startCamera();
  });
  window.addEventListener("pagehide", stopCamera);
}());
