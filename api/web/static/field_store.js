// The field app's memory on the phone: what the volunteer sends waits here (IndexedDB) until the
// server has answered it, and the worklist is kept for the hours without signal.
//   window.diachisoOutbox.send(item) -> Promise<{queued, status?, body?}>
//     item = {kind: "confirm"|"report", code, body: {... client_id}, photo: Blob|null}
//   window.diachisoOutbox.pending() -> Promise<number>, .counts() -> Promise<{confirm, report}>,
//   .waiting() -> Promise<[{kind, code}]>, .flush() -> Promise<void>, and "change" events (detail: {delivered?: {item, status, body}}).
//   window.diachisoStore.get(key) / .put(key, value): kept page data (the worklist).
// Also registers the service worker (/sw.js) that keeps the pages themselves.
"use strict";
(function () {
  const DB = "diachiso-field";
  const OUTBOX = "outbox";
  const DATA = "data";
  const LOCK = "diachiso-outbox";
  const RETRY_MS = 15000;
  const lang = document.documentElement.lang || "vi";
  const events = new EventTarget();
  let opened = null;

  // One database per origin: cleared as a whole by the sign-out's Clear-Site-Data.
  function db() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const req = indexedDB.open(DB, 1);
        req.onupgradeneeded = () => {
          req.result.createObjectStore(OUTBOX, { keyPath: "id" });
          req.result.createObjectStore(DATA);
        };
        req.onsuccess = () => {
          // Another tab (or the sign-out) may need the database gone: let it go.
          req.result.onversionchange = () => { req.result.close(); opened = null; };
          resolve(req.result);
        };
        req.onerror = () => { opened = null; reject(req.error); };
      });
    }
    return opened;
  }

  function run(store, mode, work) {
    return db().then((conn) => new Promise((resolve, reject) => {
      const tx = conn.transaction(store, mode);
      const req = work(tx.objectStore(store));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    }));
  }

  const all = () => run(OUTBOX, "readonly", (s) => s.getAll());
  const keep = (entry) => run(OUTBOX, "readwrite", (s) => s.put(entry));
  const drop = (id) => run(OUTBOX, "readwrite", (s) => s.delete(id));

  // Whose session a page belongs to (the sign-out form names its user). What one volunteer
  // queued is sent only from a page of their own session: on a phone passed on without a
  // sign-out, it never arrives as the next volunteer's work, and it waits for its owner.
  function owner(doc) {
    const form = (doc || document).querySelector("form.signout");
    return form && form.dataset.user ? form.dataset.user : null;
  }
  const mine = (entry) => !entry.user || entry.user === owner();
  const allMine = () => all().then((entries) => entries.filter(mine));

  function clientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  // The session's token: one read afresh (below), else the address page's meta, else the
  // sign-out form every page has.
  let freshToken = null;
  function csrf() {
    if (freshToken) return freshToken;
    const meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) return meta.getAttribute("content");
    const field = document.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  // One delivery; rejects only when no answer came (no signal), which keeps the item waiting.
  function deliver(entry) {
    const path = entry.kind === "report" ? "/reports" : "/installations";
    const url = "/api/points/" + encodeURIComponent(entry.code) + path + "?lang=" + lang;
    const headers = { "X-CSRF-Token": csrf(), Accept: "application/json" };
    let payload;
    if (entry.kind === "confirm" && entry.photo instanceof Blob) {
      // The photo goes as a file of a form; the other fields as its text fields.
      payload = new FormData();
      for (const [k, v] of Object.entries(entry.body)) {
        if (v !== null && v !== undefined) payload.append(k, String(v));
      }
      payload.append("photo", entry.photo, "photo.jpg");
    } else {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(entry.body);
    }
    return fetch(url, { method: "POST", credentials: "same-origin", headers, body: payload })
      .then((r) => r.json().catch(() => ({})).then((body) => ({ status: r.status, body })));
  }

  // A page kept on the phone holds the token of the session it was kept in; a volunteer who
  // has signed in again since is refused (403) with it. The current token is read from a fresh
  // /field once, and the item tried again, before a 403 is taken as final.
  // Resolves true (renewed), false (nothing newer), or null when the session is now another
  // user's: the item then waits for its owner's.
  function renewToken(entry) {
    return fetch("/field", { credentials: "same-origin", cache: "no-store" })
      .then((r) => r.text())
      .then((html) => {
        const page = new DOMParser().parseFromString(html, "text/html");
        if (entry.user && owner(page) !== entry.user) return null;
        const field = page.querySelector('input[name="csrf_token"]');
        const token = field ? field.value : "";
        if (!token || token === csrf()) return false;
        freshToken = token;
        return true;
      });  // no signal for it: the item waits, as for any delivery without signal
  }

  function deliverOnce(entry) {
    return deliver(entry).then((answer) => {
      if (answer.status !== 403) return answer;
      return renewToken(entry).then((renewed) => {
        if (renewed === null) return { status: answer.status, body: answer.body, held: true };
        return renewed ? deliver(entry) : answer;
      });
    });
  }

  // Answers that end an item: a 2xx, or a refusal that a retry would not change. Signed out
  // (401), too many writes (429) and server trouble (5xx) wait for a later try.
  const final = (status) => status < 500 && status !== 401 && status !== 408 && status !== 429;

  // Deliveries never run twice at once, in this tab or another (Web Locks across tabs; the
  // promise chain within a tab where they are missing), so an item is never sent twice.
  let chain = Promise.resolve();
  function locked(work) {
    if (navigator.locks && navigator.locks.request) return navigator.locks.request(LOCK, work);
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  }

  function changed(detail) {
    events.dispatchEvent(new CustomEvent("change", { detail: detail || {} }));
  }

  // Tries one kept item: an answer ends it (and is told), no signal leaves it waiting. `later`:
  // a delivery of the queue, whose answer no card is waiting for.
  function attempt(entry, later) {
    return deliverOnce(entry).then((answer) => {
      if (answer.held || !final(answer.status)) {
        return { queued: true, status: answer.status, body: answer.body };
      }
      return drop(entry.id).then(() => {
        const delivered = { item: entry, status: answer.status, body: answer.body, later };
        changed({ delivered });
        return { queued: false, status: answer.status, body: answer.body };
      });
    }, () => ({ queued: true }));
  }

  function send(item) {
    const body = Object.assign({}, item.body);
    if (!body.client_id) body.client_id = clientId();
    const entry = {
      id: body.client_id, kind: item.kind, code: item.code, body, user: owner(),
      photo: item.photo || null, added: Date.now(),
    };
    // Kept before the first try: a tab closed mid-send still has it.
    return locked(() => keep(entry).then(() => {
      if (navigator.onLine === false) return { queued: true };
      return attempt(entry, false);
    })).then((result) => {
      if (result.queued) { changed(); retryLater(); }
      return result;
    });
  }

  // Delivers every waiting item, oldest first; stops at the first that finds no signal (and
  // does not try while the phone knows it has none).
  function flush() {
    return locked(() => (navigator.onLine === false ? Promise.resolve([]) : allMine()).then((entries) => {
      entries.sort((a, b) => a.added - b.added);
      let step = Promise.resolve(false);
      for (const entry of entries) {
        step = step.then((stop) => (stop ? true : attempt(entry, true).then((r) => r.queued)));
      }
      return step;
    })).then(() => changed(), () => changed()).then(retryLater);
  }

  function counts() {
    return allMine().then((entries) => ({
      confirm: entries.filter((e) => e.kind === "confirm").length,
      report: entries.filter((e) => e.kind === "report").length,
    }));
  }

  // While items wait, a try every 15 s (the "online" event alone misses a weak signal).
  let timer = null;
  function retryLater() {
    return allMine().then((entries) => {
      if (!entries.length || timer !== null) return;
      timer = window.setTimeout(() => { timer = null; flush(); }, RETRY_MS);
    }, () => undefined);
  }

  const outbox = {
    send,
    flush,
    counts,
    pending: () => allMine().then((entries) => entries.length),
    // What waits, without the bodies: the worklist marks the plates whose confirmation waits.
    waiting: () => allMine().then((entries) => entries.map((e) => ({ kind: e.kind, code: e.code }))),
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  };
  const store = {
    get: (key) => run(DATA, "readonly", (s) => s.get(key)),
    put: (key, value) => run(DATA, "readwrite", (s) => s.put(value, key)).then(() => undefined),
  };
  window.diachisoOutbox = outbox;
  window.diachisoStore = store;

  // --- What the volunteer sees: the queue on the worklist, the warning before signing out. ---
  const wordsEl = document.getElementById("offline-texts");
  const words = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const say = (key, values) =>
    (words[key] || "").replace(/\{(\w+)\}/g, (_, name) => String(values[name]));

  // "3 xác nhận chờ gửi · 1 báo cáo chờ gửi" with its "Gửi lại", hidden when nothing waits.
  function showQueue() {
    const box = document.getElementById("queue");
    if (!box) return Promise.resolve();
    return counts().then((c) => {
      const parts = [];
      if (c.confirm) parts.push(say("confirms", { n: whole.format(c.confirm) }));
      if (c.report) parts.push(say("reports", { n: whole.format(c.report) }));
      document.getElementById("queue-say").textContent = parts.join(" · ");
      box.hidden = parts.length === 0;
    }, () => undefined);
  }

  // A waiting item the server refused when it finally arrived: no card is open for it, so the
  // worklist says it (a 2xx needs no words: the queue shrinks).
  function noteDelivery(event) {
    const done = event.detail && event.detail.delivered;
    const note = document.getElementById("queue-note");
    if (!note || !done || !done.later || done.status < 400) return;
    const error = (done.body && done.body.error) || {};
    const c = done.item.code;  // grouped as the plate prints it: 18112 00150 9
    note.textContent = say("refused", {
      code: [c.slice(0, 5), c.slice(5, 10), c.slice(10)].join(" ").trim(),
      message: error.message || String(done.status),
    });
    note.hidden = false;
  }

  function retry(button) {
    button.disabled = true;
    document.getElementById("queue-say").textContent = words["sending"] || "";
    flush().then(() => {
      button.disabled = false;
      return counts();
    }).then((c) => {
      const note = document.getElementById("queue-note");
      if (note && !c.confirm && !c.report && note.hidden) {
        note.textContent = words["sent"] || "";
        note.hidden = false;
      }
    }, () => { button.disabled = false; });
  }

  // Clear-Site-Data drops what waits along with the session: say so before it goes.
  function guardSignOut(form) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.confirmed === "yes") return;
      event.preventDefault();
      all().then((entries) => {
        const go = !entries.length ||
          window.confirm(say("signout", { n: whole.format(entries.length) }));
        if (!go) return;
        form.dataset.confirmed = "yes";
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }, () => form.submit());
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("queue-retry");
    if (button) button.addEventListener("click", () => retry(button));
    document.querySelectorAll("form.signout").forEach(guardSignOut);
    showQueue();
  });
  events.addEventListener("change", showQueue);
  events.addEventListener("change", noteDelivery);

  window.addEventListener("online", () => { flush(); });
  window.addEventListener("load", () => { flush(); });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }
  // This very page came before the service worker could see it (the first visit): kept here,
  // in the worker's cache of pages (sw.js PAGES), so that it opens without signal too.
  if (window.caches && /^\/(field|A\/[^/]+)$/.test(location.pathname) && navigator.onLine !== false) {
    caches.open("diachiso-pages-v1")
      .then((cache) => cache.match(location.href).then((hit) => hit || cache.add(location.href)))
      .catch(() => undefined);
  }
}());
