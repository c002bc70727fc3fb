// The confirmation card, opened for one plate from the worklist, the scanner or the plate's own
// page: it watches the phone's position and shows its accuracy live and big, takes a photo in
// the page (shrunk on the phone for a weak signal), records "đã trao thông báo", and says the
// server's answer in words and colours readable in the sun. Everything it sends goes through
// window.diachisoOutbox (field_store.js), which keeps it when there is no signal.
//   window.diachisoCard.open(code, plate?) -> Promise resolved when the card closes
//     plate: the worklist's item when known; the card is also an EventTarget telling "close"
//     (the scanner resumes then).
// A confirmed plate is told to the page as a "diachiso:plate" event {code, state, notified}.
"use strict";
(function () {
  const dialog = document.getElementById("card");
  if (!dialog) return;
  const texts = JSON.parse(document.getElementById("card-texts").textContent);
  const lang = document.documentElement.lang || "vi";
  // The volunteers' guide: a fix within 30 m is good enough at a gate; after a minute of waiting
  // the volunteer may confirm anyway, and the server flags the vague position for the officer.
  const GOOD_ACCURACY_M = 30;
  const PATIENCE_MS = 60000;
  // What a weak signal carries: the longest side and the bytes of the photo sent, the JPEG
  // qualities tried in turn, and how much smaller each further try draws when none fits.
  const PHOTO_SIDE_PX = 1600;
  const PHOTO_MAX_BYTES = 300000;
  const QUALITIES = [0.85, 0.75, 0.65, 0.55, 0.45, 0.35];
  const SHRINK = 0.75;
  const THUMB_SIDE_PX = 96;
  // Both the confirmation and the report refuse a vaguer radius: it is not a position at a gate.
  const MAX_ACCURACY_M = 1000;
  // A fix this fresh is still this gate's (a few steps at walking pace), and the phone's last
  // one shows at once instead of after the next satellite update.
  const FIX_MAX_AGE_MS = 5000;

  const $ = (id) => document.getElementById(id);
  const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(lang, { day: "2-digit", month: "2-digit", year: "numeric" });
  const say = (key, values) =>
    texts[key].replace(/\{(\w+)\}/g, (_, name) => String((values || {})[name]));
  const inline = dialog.classList.contains("inline");
  const button = $("card-confirm");
  const form = $("card-report");

  let code = null;
  let fix = null;
  let watch = null;
  let timer = null;
  let waited = false;
  let denied = false;
  let photo = null;
  let busy = false;
  let shrinking = 0; // photos being shrunk: confirming waits, so the photo is not left behind
  let waiting = false; // the confirmation is kept by the outbox until the signal returns
  let closed = null; // resolves open()'s promise
  const events = new EventTarget();

  function spaced(c) {
    return c.length === 11 ? c.slice(0, 5) + " " + c.slice(5, 10) + " " + c.slice(10) : c;
  }

  // The hint under the accuracy: what the volunteer waits for, or why the button is enabled.
  function ready() {
    const good = fix !== null && fix.accuracy <= GOOD_ACCURACY_M;
    button.disabled = busy || shrinking > 0 || fix === null || !(good || waited);
    dialog.classList.toggle("fix-good", good);
    dialog.classList.toggle("fix-vague", fix !== null && !good);
    let hint = "";
    if (denied) hint = texts["denied"];
    else if (fix === null) hint = texts["locating"];
    else if (!good && waited) hint = say("imprecise", { m: whole.format(fix.accuracy) });
    else if (!good) hint = say("waiting", { limit: whole.format(GOOD_ACCURACY_M) });
    $("card-hint").textContent = hint;
    $("card-hint").classList.toggle("warning", !good && waited && fix !== null);
  }

  function located(pos) {
    denied = false;
    fix = { lat: pos.coords.latitude, lon: pos.coords.longitude, accuracy: pos.coords.accuracy };
    $("card-metres").textContent = say("accuracy", { m: whole.format(fix.accuracy) });
    ready();
  }

  function unlocated() {
    denied = fix === null;
    ready();
  }

  function stop() {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    if (timer !== null) window.clearTimeout(timer);
    watch = null;
    timer = null;
  }

  // kind: "sending" | "ok" | "review" | "refused" | "queued" — the colour says it, words too.
  function answer(kind, head, more) {
    const box = $("card-answer");
    box.className = "card-answer answer-" + kind;
    $("card-answer-head").textContent = head;
    $("card-answer-more").textContent = more || "";
    box.hidden = false;
  }

  function told(body) {
    return body.notified ? " " + texts["notified_more"] : "";
  }

  function reviewHead(body) {
    // The server flags a confirmation far from the point, or one whose position is vague.
    if (body.distance_m > GOOD_ACCURACY_M) {
      return say("review_far", { d: whole.format(body.distance_m) });
    }
    if (body.accuracy_m > GOOD_ACCURACY_M) {
      return say("review_vague", { m: whole.format(body.accuracy_m) });
    }
    return texts["review"];
  }

  // The plate moves to "đã xong" (or "cần xem lại") wherever the page shows it; told again when
  // the outbox reports the same delivery, which changes nothing the second time.
  function placed(plateCode, body, waits) {
    document.dispatchEvent(new CustomEvent("diachiso:plate", { detail: {
      code: plateCode, state: body.needs_review ? "review" : "done", notified: Boolean(body.notified),
      waiting: Boolean(waits),
    } }));
  }

  function confirmed(body) {
    placed(code, body);
    $("card-form").hidden = true; // done: no second confirmation from this card
    // The amber head already says the distance; the green one leaves it to the line below.
    let more = body.created ? "" : say("already", { when: day.format(new Date(body.confirmed_at)) });
    if (body.created && !body.needs_review) more = say("ok_more", { d: whole.format(body.distance_m) });
    more = (more + told(body)).trim();
    if (body.needs_review) answer("review", reviewHead(body), more);
    else answer("ok", texts["ok"], more);
  }

  // An answer to this card's confirmation, now or (kept while offline) later.
  function shown(result) {
    busy = false;
    const body = result.body || {};
    if (result.queued) {
      waiting = true;
      $("card-form").hidden = true;
      // Done at the door, though not yet sent: off the list of what is left ("chờ gửi").
      placed(code, { notified: $("card-notified").checked }, true);
      answer("queued", texts["queued"], texts["queued_more"]);
    } else if (result.status >= 200 && result.status < 300) {
      waiting = false;
      confirmed(body);
    } else {
      waiting = false;
      $("card-form").hidden = false;
      const message = body.error && body.error.message;
      answer("refused", texts["refused"], message || say("failed", { status: result.status }));
    }
    ready();
  }

  function failed() {
    busy = false;
    answer("refused", texts["refused"], say("failed", { status: "—" }));
    ready();
  }

  function confirm() {
    if (fix === null || busy) return;
    // Without the outbox (its script failed to load) nothing can be sent: say so, in red.
    if (!window.diachisoOutbox) { failed(); return; }
    busy = true;
    ready();
    answer("sending", texts["sending"], "");
    const body = {
      lat: fix.lat, lon: fix.lon, accuracy_m: fix.accuracy, notified: $("card-notified").checked,
    };
    window.diachisoOutbox.send({ kind: "confirm", code, body, photo }).then(shown, failed);
  }

  // A confirmation kept while offline and delivered later: its plate moves, and the card shows
  // the answer if it is still open on that plate.
  function delivered(event) {
    const done = event.detail && event.detail.delivered;
    if (!done || done.item.kind !== "confirm") return;
    if (waiting && done.item.code === code) {
      shown({ queued: false, status: done.status, body: done.body });
    } else if (done.status >= 200 && done.status < 300) {
      placed(done.item.code, done.body || {});
    }
  }

  function decode(file) {
    if (window.createImageBitmap) return createImageBitmap(file);
    // A data: URL, not a blob: one, which the pages' CSP (img-src 'self' data:) allows.
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => {
        const image = new Image();
        image.onload = () => resolve(image);
        image.onerror = reject;
        image.src = reader.result;
      };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  function drawn(image, scale) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(image.width * scale));
    canvas.height = Math.max(1, Math.round(image.height * scale));
    canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas;
  }

  const jpeg = (canvas, quality) =>
    new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));

  // The phone's photo (often 4-12 MB) as a JPEG of at most PHOTO_MAX_BYTES: the quality stepped
  // down first, then the picture drawn smaller, until it fits.
  async function shrink(file) {
    const image = await decode(file);
    let scale = Math.min(1, PHOTO_SIDE_PX / Math.max(image.width, image.height));
    for (;;) {
      const canvas = drawn(image, scale);
      for (const quality of QUALITIES) {
        const blob = await jpeg(canvas, quality);
        if (blob && blob.size <= PHOTO_MAX_BYTES) return { blob, image };
      }
      scale *= SHRINK;
    }
  }

  function thumbnail(image) {
    const thumb = $("card-thumb");
    const scale = THUMB_SIDE_PX / Math.max(image.width, image.height);
    thumb.width = Math.max(1, Math.round(image.width * scale));
    thumb.height = Math.max(1, Math.round(image.height * scale));
    thumb.getContext("2d").drawImage(image, 0, 0, thumb.width, thumb.height);
    thumb.hidden = false;
  }

  function took() {
    const file = $("card-photo-input").files[0];
    const forCode = code;
    photo = null;
    $("card-thumb").hidden = true;
    if (!file) { $("card-photo-note").textContent = ""; return; }
    $("card-photo-note").textContent = texts["photo_working"];
    shrinking += 1;
    ready();
    const done = () => { shrinking -= 1; ready(); };
    shrink(file).then(({ blob, image }) => {
      done();
      if (forCode !== code) return; // the card moved to another plate meanwhile
      photo = blob;
      thumbnail(image);
      $("card-photo-note").textContent = say("photo_ready", {
        size: whole.format(Math.ceil(blob.size / 1000)),
      });
    }, () => {
      done();
      if (forCode === code) $("card-photo-note").textContent = texts["photo_error"];
    });
  }

  // A problem report; "new household" carries where the volunteer stands, for the officer to
  // register there.
  function report(event) {
    event.preventDefault();
    const out = $("card-report-answer");
    const body = { reason: form.reason.value, note: form.note.value.trim() || null };
    if (body.reason === "new_household") {
      if (fix === null) { out.textContent = texts["report_no_position"]; return; }
      Object.assign(body, {
        lat: fix.lat, lon: fix.lon, accuracy_m: Math.min(fix.accuracy, MAX_ACCURACY_M),
      });
    }
    if (!window.diachisoOutbox) { out.textContent = say("failed", { status: "—" }); return; }
    out.textContent = texts["sending"];
    window.diachisoOutbox.send({ kind: "report", code, body, photo: null }).then((result) => {
      const reply = result.body || {};
      if (result.queued) out.textContent = texts["report_queued"];
      else if (result.status >= 200 && result.status < 300) {
        out.textContent = texts["reported"];
        form.reset();
      } else {
        const message = reply.error && reply.error.message;
        out.textContent = message || say("failed", { status: result.status });
      }
    }, () => { out.textContent = say("failed", { status: "—" }); });
  }

  function reset(plate) {
    $("card-code").textContent = spaced(code);
    const house = plate && plate.house_number
      ? plate.house_number + (plate.street ? " " + plate.street : "") : "";
    $("card-house").textContent = [house, plate && plate.name].filter(Boolean).join(" · ");
    $("card-metres").textContent = "…";
    $("card-answer").hidden = true;
    $("card-form").hidden = false;
    // A household told already (at a meeting, or at an earlier visit) stays told.
    $("card-notified").checked = Boolean(plate && plate.notified);
    $("card-photo-input").value = "";
    $("card-photo-note").textContent = "";
    $("card-thumb").hidden = true;
    $("card-report-answer").textContent = "";
    form.reset();
  }

  // A plate opened by its code alone (the scanner): the page that lists it says which it is,
  // answering a "diachiso:which" event by filling in its detail (dispatched synchronously).
  function known(plateCode, plate) {
    if (plate) return plate;
    const asked = new CustomEvent("diachiso:which", { detail: { code: plateCode, plate: null } });
    document.dispatchEvent(asked);
    return asked.detail.plate;
  }

  function open(newCode, plate) {
    stop();
    code = String(newCode);
    fix = null;
    waited = false;
    denied = false;
    photo = null;
    busy = false;
    waiting = false;
    reset(known(code, plate) || null);
    if (inline) dialog.show();
    else if (!dialog.open) dialog.showModal();
    if ("geolocation" in navigator) {
      watch = navigator.geolocation.watchPosition(located, unlocated,
        { enableHighAccuracy: true, maximumAge: FIX_MAX_AGE_MS });
    } else {
      denied = true;
    }
    timer = window.setTimeout(() => { waited = true; ready(); }, PATIENCE_MS);
    ready();
    return new Promise((resolve) => { closed = resolve; });
  }

  function ended() {
    stop();
    if (closed) closed();
    closed = null;
    events.dispatchEvent(new Event("close"));
  }

  // Closed by its button or the phone's back gesture (Escape): the position is no longer watched.
  dialog.addEventListener("close", ended);
  if ($("card-close")) $("card-close").addEventListener("click", () => dialog.close());
  button.addEventListener("click", confirm);
  $("card-photo-input").addEventListener("change", took);
  form.addEventListener("submit", report);
  if (window.diachisoOutbox) window.diachisoOutbox.addEventListener("change", delivered);
  window.diachisoCard = {
    open,
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  };
}());
