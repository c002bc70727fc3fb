// The volunteer's worklist (/field): the plates of their villages in walking order, from
// GET /api/field/worklist, with the distance from where they stand (the phone's position,
// watched while the page is open), filters by state, and a map of the plates shown.
"use strict";
(function () {
  const root = document.getElementById("field");
  const texts = JSON.parse(document.getElementById("field-texts").textContent);
  const lang = root.dataset.lang;
  const list = document.getElementById("worklist");
  const counts = document.getElementById("counts");
  const position = document.getElementById("position");
  const buttons = Array.from(document.querySelectorAll("#filters .filter"));
  let plates = [];
  let filter = "remaining";
  let here = null;
  let map = null;
  let layer = null;
  let outlines = null; // the villages' boundaries (GeoJSON), drawn once under the markers

  // Numbers the language's way ("1,2 km" in Vietnamese), never with an English point.
  const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const tenth = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const say = (key, values) =>
    texts[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name]));

  // Great-circle distance in metres: enough to tell which door is nearer.
  function metres(a, b) {
    const rad = Math.PI / 180;
    const dLat = (b.lat - a.lat) * rad;
    const dLon = (b.lon - a.lon) * rad;
    const h = Math.sin(dLat / 2) ** 2 +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  }

  function distanceText(m) {
    const d = m < 1000 ? whole.format(m) + " m" : tenth.format(m / 1000) + " km";
    return say("distance", { distance: d });
  }

  function showCounts(c) {
    const parts = [say("left", { n: whole.format(c.remaining) })];
    if (c.review) parts.push(say("count.review", { n: whole.format(c.review) }));
    parts.push(say("count.done", { n: whole.format(c.done) }));
    counts.textContent = parts.join(" · ");
  }

  function row(p) {
    const li = document.createElement("li");
    li.className = "plate state-" + p.state;
    li.dataset.code = p.code;
    const a = document.createElement("a");
    a.href = "/A/" + p.code + "?lang=" + lang;
    const head = document.createElement("span");
    head.className = "plate-head";
    const number = document.createElement("span");
    number.className = "plate-no";
    number.textContent = p.number === null ? "·" : String(p.number);
    const house = document.createElement("strong");
    house.className = "plate-house";
    house.textContent = p.house_number
      ? p.house_number + (p.street ? " " + p.street : "") : texts["no_number"];
    head.append(number, house);
    const name = document.createElement("span");
    name.className = "plate-name";
    name.textContent = p.name || "";
    const meta = document.createElement("span");
    meta.className = "plate-meta";
    const code = document.createElement("span");
    code.className = "plate-code";
    code.textContent = p.code.slice(0, 5) + " " + p.code.slice(5);
    const status = document.createElement("span");
    status.className = "plate-status";
    status.textContent = p.needs_review ? texts["review"] : texts["status." + p.status];
    meta.append(code, status);
    if (p.notified) {
      const told = document.createElement("span");
      told.className = "plate-notified";
      told.textContent = texts["notified"];
      meta.append(told);
    }
    if (p.waiting) {
      const wait = document.createElement("span");
      wait.className = "plate-waiting";
      wait.textContent = offlineWord("waiting");
      meta.append(wait);
    }
    const far = document.createElement("span");
    far.className = "plate-distance";
    if (here) far.textContent = distanceText(metres(here, p));
    a.append(head, name, meta, far);
    // With the card loaded the plate opens over the list (which stays where it was); the link
    // stays for a phone without script.
    a.addEventListener("click", (event) => {
      if (!window.diachisoCard) return;
      event.preventDefault();
      window.diachisoCard.open(p.code, p);
    });
    li.append(a);
    return li;
  }

  function shown() {
    return plates.filter((p) => p.state === filter);
  }

  function draw() {
    const items = shown();
    list.replaceChildren(...items.map(row));
    if (!items.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = texts["empty"];
      list.append(li);
    }
    drawMap(items);
  }

  function drawMap(items) {
    if (!window.L) return;
    if (!map) {
      map = L.map("field-map", { zoomControl: true });
      if (root.dataset.tiles) {
        L.tileLayer(root.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
      }
      // The outlines first, so the plates' markers sit above them; outlines are for orienting
      // only, so they take no clicks away from the markers.
      if (outlines && outlines.features.length) {
        L.geoJSON(outlines, {
          style: {
            className: "field-outline", color: "#0050c8", weight: 2, fillOpacity: 0.04,
            dashArray: "6 4",
          },
          interactive: false,
        }).addTo(map);
      }
      layer = L.layerGroup().addTo(map);
    }
    layer.clearLayers();
    const colours = { remaining: "#b35900", review: "#c00000", done: "#00702e" };
    const points = items.map((p) => {
      const m = L.circleMarker([p.lat, p.lon], {
        radius: 7, color: "#000", weight: 1, fillColor: colours[p.state], fillOpacity: 0.9,
      });
      // A node, not a string: Leaflet would read a string as HTML, and names are data.
      const tip = document.createElement("span");
      tip.textContent = (p.house_number || texts["no_number"]) + " · " + (p.name || p.code);
      m.bindTooltip(tip);
      m.on("click", () => {
        if (window.diachisoCard) window.diachisoCard.open(p.code, p);
        else window.location.href = "/A/" + p.code + "?lang=" + lang;
      });
      m.addTo(layer);
      return [p.lat, p.lon];
    });
    if (here) {
      L.circleMarker([here.lat, here.lon], {
        radius: 9, color: "#fff", weight: 3, fillColor: "#0050c8", fillOpacity: 1,
      }).addTo(layer);
    }
    if (points.length) map.fitBounds(points, { padding: [16, 16], maxZoom: 18 });
    else if (here) map.setView([here.lat, here.lon], 17);
    else if (outlines && outlines.features.length) map.fitBounds(L.geoJSON(outlines).getBounds());
  }

  function pick(button) {
    filter = button.dataset.filter;
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    draw();
  }

  function located(pos) {
    const first = here === null;
    here = { lat: pos.coords.latitude, lon: pos.coords.longitude };
    position.textContent = say("here", { accuracy: whole.format(pos.coords.accuracy) });
    // Only the distances change: the list keeps its walking order.
    for (const li of list.querySelectorAll("li.plate")) {
      const p = plates.find((q) => q.code === li.dataset.code);
      if (p) li.querySelector(".plate-distance").textContent = distanceText(metres(here, p));
    }
    if (first && plates.length) drawMap(shown());
  }

  // The card confirmed a plate: it moves to its new state, and the counts follow.
  function placed(event) {
    const p = plates.find((q) => q.code === event.detail.code);
    if (!p) return;
    p.state = event.detail.state;
    p.status = "installed";
    p.needs_review = event.detail.state === "review";
    p.notified = p.notified || event.detail.notified;
    p.waiting = Boolean(event.detail.waiting);
    recount();
  }

  function recount() {
    const tally = { remaining: 0, review: 0, done: 0 };
    plates.forEach((q) => { tally[q.state] += 1; });
    showCounts(tally);
    draw();
  }

  buttons.forEach((b) => b.addEventListener("click", () => pick(b)));
  document.addEventListener("diachiso:plate", placed);
  // The card asks which plate a scanned code is, to show its house and household.
  document.addEventListener("diachiso:which", (event) => {
    event.detail.plate = plates.find((q) => q.code === event.detail.code) || null;
  });
  if ("geolocation" in navigator) {
    navigator.geolocation.watchPosition(located, () => {
      position.textContent = texts["no_position"];
    }, { enableHighAccuracy: true, maximumAge: 10000 });
  } else {
    position.textContent = texts["no_position"];
  }
  load();

  // --- Offline: the worklist from the phone's memory, a plate's card from the kept list. ---
  function shownData(data) {
    plates = data.plates;
    outlines = data.outlines || null;
    showCounts(data.counts);
    draw();
    openAsked();
    markWaiting();
  }

  // Plates confirmed at the door whose confirmation waits on the phone for a signal: done for
  // the volunteer (not "còn lại" again after a reload), tagged "chờ gửi" until it is delivered.
  function markWaiting() {
    const outbox = window.diachisoOutbox;
    if (!outbox || !outbox.waiting) return;
    outbox.waiting().then((items) => {
      const codes = new Set(items.filter((i) => i.kind === "confirm").map((i) => i.code));
      let changed = false;
      plates.forEach((p) => {
        if (codes.has(p.code) && p.state === "remaining") {
          p.state = "done";
          p.waiting = true;
          changed = true;
        }
      });
      if (changed) recount();
    }, () => undefined);
  }

  // The network's list (kept for later in IndexedDB: diachisoStore), else the one kept at the
  // last visit with signal, saying since when.
  function load() {
    const store = window.diachisoStore;
    const kept = () => (store ? store.get("worklist") : Promise.resolve(undefined));
    // A phone that knows it has no signal does not ask (the answer would only be a failure).
    const asked = navigator.onLine === false ? Promise.reject(new Error("offline"))
      : fetch("/api/field/worklist", { credentials: "same-origin", headers: { Accept: "application/json" } });
    asked
      .then((r) => { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then((data) => {
        shownData(data);
        if (store) store.put("worklist", { at: Date.now(), data }).catch(() => undefined);
      }, () => kept().then((memory) => {
        if (!memory) throw new Error("nothing kept");
        keptSince(memory.at);
        shownData(memory.data);
      }))
      .catch(() => { counts.textContent = texts["load_error"]; });
  }

  let offlineTexts = null;
  function offlineWord(key) {
    if (offlineTexts === null) offlineTexts = offlineWords();
    return offlineTexts[key] || "";
  }

  function offlineWords() {
    const el = document.getElementById("offline-texts");
    return el ? JSON.parse(el.textContent) : {};
  }

  // What the page shows from the phone's memory, line by line ("kept at …", "not kept").
  function note(text) {
    const el = document.getElementById("offline-note");
    if (!el || !text) return;
    const line = document.createElement("span");
    line.textContent = text;
    el.append(line);
    el.hidden = false;
  }

  function keptSince(at) {
    const d = new Date(at);
    const two = (n) => String(n).padStart(2, "0");
    // "14:05 30/11", as a notice writes a time and a day.
    const when = two(d.getHours()) + ":" + two(d.getMinutes()) + " " +
      two(d.getDate()) + "/" + two(d.getMonth() + 1);
    note((offlineWords().kept || "").replace("{time}", when));
  }

  // Without signal the service worker answers a plate's page never opened here (/A/{code}, from
  // a scan or a link) with this kept page: its card opens for the plate of the address bar.
  function openAsked() {
    const asked = /^\/A\/([^/]+)$/.exec(location.pathname);
    if (!asked) return;
    const code = decodeURIComponent(asked[1]);
    const plate = plates.find((p) => p.code === code);
    if (plate && window.diachisoCard) window.diachisoCard.open(code, plate);
    else {
      const grouped = [code.slice(0, 5), code.slice(5, 10), code.slice(10)].join(" ").trim();
      note((offlineWords().not_kept || "").replace("{code}", grouped));
    }
  }
}());
