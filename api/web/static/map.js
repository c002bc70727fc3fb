/* The coverage map: village polygons shaded by the share of plates installed, and the points
   (or, zoomed out, their aggregates) coloured by status. Live pages fetch /api/villages once and
   /api/map/features on every move; an exported page draws the data embedded in it. Settings come
   from the JSON block #diachiso-config written by api/mapview.py. No inline styles or HTML
   strings from the data: popups are built as DOM nodes (names are text, never markup). */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function row(table, label, value) {
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function start() {
    var cfg = JSON.parse(document.getElementById("diachiso-config").textContent);
    var map = window[cfg.mapName];
    var T = cfg.texts;
    // Numbers the way the page's language writes them (vi 1.234 and 61,7), with the server's "%".
    var NUMBER = new Intl.NumberFormat(cfg.lang);
    var SHARE = new Intl.NumberFormat(cfg.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    function count(n) { return n === null || n === undefined ? "—" : NUMBER.format(n); }
    function percent(p, digits) {
      return (digits === 0 ? NUMBER : SHARE).format(p) + cfg.percentSign;
    }
    var state = {
      villages: {}, points: {}, mode: null, requests: 0, drawnAt: null, errors: 0, lastUrl: null,
      waiting: 0 // views asked for (or about to be) and not yet answered
    };
    window.diachisoMap = state; // read by the browser tests and the benchmark

    function shade(percent) {
      var colour = cfg.shades[0][1];
      cfg.shades.forEach(function (s) { if (percent >= s[0]) colour = s[1]; });
      return colour;
    }

    function display(code) {
      return code ? code.slice(0, 5) + " " + code.slice(5, 10) + " " + code.slice(10) : "";
    }

    var villageLayer = L.featureGroup().addTo(map);
    var aggregateLayer = L.featureGroup().addTo(map);
    var groups = {};
    var overlays = {};
    overlays[T.villages] = villageLayer;
    cfg.kinds.forEach(function (kind) {
      // Not chunked: a chunked add goes on after clearLayers (markercluster cannot stop it), so
      // a view answered while the last one was still being added got the last one's markers
      // back as ghosts, and "drawn" was said before the markers were there. The server sends
      // at most 5,000 points (grid clusters above), which one synchronous add handles.
      groups[kind] = L.markerClusterGroup({
        disableClusteringAtZoom: 17, chunkedLoading: false, showCoverageOnHover: false,
        iconCreateFunction: clusterIcon
      }).addTo(map);
      overlays[T.kind[kind]] = groups[kind];
    });
    L.control.layers(null, overlays, { collapsed: true }).addTo(map);
    legend().addTo(map);

    // A cluster takes the colour of the status most of its points have (a tie: the status
    // further from done, the legend's order), not markercluster's colours by size, which
    // clashed with the status colours (its orange read as "printed", its green as "installed").
    function clusterIcon(cluster) {
      var statuses = Object.keys(cfg.colours);
      var counts = {};
      cluster.getAllChildMarkers().forEach(function (m) {
        counts[m.options.status] = (counts[m.options.status] || 0) + 1;
      });
      var status = statuses.reduce(function (best, s) {
        return (counts[s] || 0) > (counts[best] || 0) ? s : best;
      }, statuses[0]);
      var n = cluster.getChildCount();
      var size = n < 10 ? 30 : n < 100 ? 36 : 44;
      var said = statuses.filter(function (s) { return counts[s]; }).map(function (s) {
        return s + ":" + counts[s];
      });
      return L.divIcon({
        html: '<span data-counts="' + said.join(" ") + '">' + NUMBER.format(n) + "</span>",
        className: "diachiso-cluster status-" + status, iconSize: L.point(size, size)
      });
    }

    // The legend folds behind a button; folded at first on a phone, where open it covered
    // nearly half the screen.
    function legend() {
      var control = L.control({ position: "bottomright" });
      control.onAdd = function () {
        var box = el("div", "diachiso-legend");
        var toggle = el("button", "diachiso-legend-toggle", T.legend_button);
        toggle.type = "button";
        toggle.setAttribute("aria-controls", "diachiso-legend-body");
        var body = el("div", "diachiso-legend-body");
        body.id = "diachiso-legend-body";
        function show(open) {
          body.hidden = !open;
          toggle.setAttribute("aria-expanded", open ? "true" : "false");
        }
        toggle.addEventListener("click", function () { show(body.hidden); });
        show(!window.matchMedia("(max-width: 40rem)").matches);
        box.appendChild(toggle);
        box.appendChild(body);
        legendBody(body);
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      return control;
    }

    function legendBody(box) {
      box.appendChild(el("strong", null, cfg.commune));
      if (cfg.dashboardUrl) {
        var a = el("a", "diachiso-dashboard", T.dashboard);
        a.href = cfg.dashboardUrl;
        box.appendChild(a);
      }
      box.appendChild(el("div", "diachiso-legend-title", T.legend + " (" + T.village + ")"));
      cfg.shades.forEach(function (s, i) {
        var next = cfg.shades[i + 1];
        var label = next ? NUMBER.format(s[0]) + "–" + percent(next[0], 0) : percent(s[0], 0);
        box.appendChild(swatch(s[1], label, "diachiso-swatch"));
      });
      box.appendChild(el("div", "diachiso-legend-title", T.points));
      Object.keys(cfg.colours).forEach(function (status) {
        box.appendChild(swatch(cfg.colours[status], T.status[status], "diachiso-dot"));
      });
    }

    function swatch(colour, label, cls) {
      var line = el("div", "diachiso-legend-row");
      var mark = el("span", cls);
      mark.style.background = colour; // CSSOM, not a style attribute: allowed by the CSP
      line.appendChild(mark);
      line.appendChild(el("span", null, label));
      return line;
    }

    function villagePopup(p) {
      var box = el("div", "diachiso-popup");
      box.appendChild(el("h3", null, p.name));
      var table = el("table");
      row(table, T.total, count(p.total));
      cfg.kinds.forEach(function (k) { row(table, T.kind[k], count(p.by_kind[k])); });
      row(table, T.installed, count(p.installed));
      row(table, T.remaining, count(p.remaining));
      row(table, T.percent, percent(p.percent_installed));
      row(table, T.notified, count(p.notified));
      row(table, T.percent_notified, percent(p.percent_notified));
      row(table, T.expected, count(p.expected));
      row(table, T.needs_review, count(p.needs_review));
      box.appendChild(table);
      return box;
    }

    function pointPopup(p) {
      var box = el("div", "diachiso-popup");
      box.appendChild(el("h3", "diachiso-code", p.code ? display(p.code) : T.no_code));
      var table = el("table");
      row(table, T.kindLabel, T.kind[p.kind]);
      if (p.name) row(table, T.name, p.name);
      row(table, T.statusLabel, T.status[p.status]);
      box.appendChild(table);
      if (p.code) {
        var a = el("a", "diachiso-open", T.open);
        a.href = cfg.addressBase + "/A/" + p.code;
        box.appendChild(a);
      }
      return box;
    }

    function drawVillages(data) {
      villageLayer.clearLayers();
      L.geoJSON(data, {
        style: function (f) {
          return {
            className: "diachiso-village", color: "#37474f", weight: 1.5,
            fillColor: shade(f.properties.percent_installed), fillOpacity: 0.45
          };
        },
        onEachFeature: function (f, layer) {
          layer.bindPopup(function () { return villagePopup(f.properties); });
          layer.bindTooltip(el("span", null, f.properties.name), {
            permanent: true, direction: "center", className: "diachiso-village-label"
          });
          state.villages[f.properties.name] = {
            percent: f.properties.percent_installed, fill: shade(f.properties.percent_installed),
            layer: layer
          };
        }
      }).eachLayer(function (layer) { villageLayer.addLayer(layer); });
      villageLayer.eachLayer(function (layer) {
        var name = layer.feature.properties.name;
        if (layer.getElement()) layer.getElement().setAttribute("data-village", name);
      });
      villageLayer.bringToBack();
    }

    function drawFeatures(data) {
      aggregateLayer.clearLayers();
      cfg.kinds.forEach(function (k) { groups[k].clearLayers(); });
      state.points = {};
      state.mode = data.mode;
      if (data.mode === "points") {
        var byKind = {};
        cfg.kinds.forEach(function (k) { byKind[k] = []; });
        data.features.forEach(function (f) {
          var p = f.properties;
          var c = f.geometry.coordinates;
          var marker = L.circleMarker([c[1], c[0]], {
            radius: 7, weight: 1.5, color: "#ffffff", fillColor: cfg.colours[p.status],
            fillOpacity: 0.95, className: "diachiso-point status-" + p.status, status: p.status
          });
          marker.bindPopup(function () { return pointPopup(p); });
          if (p.code) {
            state.points[p.code] = { status: p.status, marker: marker };
            marker.on("add", function () { marker.getElement().setAttribute("data-code", p.code); });
          }
          byKind[p.kind].push(marker);
        });
        cfg.kinds.forEach(function (k) { groups[k].addLayers(byKind[k]); });
      } else {
        data.features.forEach(function (f) {
          var p = f.properties;
          var c = f.geometry.coordinates;
          var percent = p.count ? (100 * p.installed) / p.count : 0;
          var marker = L.circleMarker([c[1], c[0]], {
            radius: 9 + 4 * Math.log10(p.count + 1), weight: 2, color: "#ffffff",
            fillColor: shade(percent), fillOpacity: 0.9, className: "diachiso-aggregate"
          });
          var label = (p.village ? p.village + ": " : "") +
            T.aggregate.replace("{count}", count(p.count)).replace("{installed}", count(p.installed));
          marker.bindTooltip(el("span", null, label + " — " + T.zoom_in));
          marker.on("click", function () {
            map.setView([c[1], c[0]], Math.min(map.getZoom() + 2, 18));
          });
          aggregateLayer.addLayer(marker);
        });
      }
      if (state.drawnAt === null && data.features.length) state.drawnAt = performance.now();
      document.body.setAttribute("data-drawn", data.mode);
    }

    function kindsOn() {
      return cfg.kinds.filter(function (k) { return map.hasLayer(groups[k]); });
    }

    function fetchJson(url) {
      return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) throw new Error(url + " answered " + r.status);
        return r.json();
      });
    }

    function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)).toFixed(6); }

    function load() {
      var b = map.getBounds();
      var bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
        clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(",");
      var url = cfg.featuresUrl + "?bbox=" + bbox + "&zoom=" + map.getZoom() +
        "&kinds=" + kindsOn().join(",") + (cfg.query ? "&" + cfg.query : "");
      if (url === state.lastUrl) return; // the same view: nothing new to ask
      state.lastUrl = url;
      var n = ++state.requests;
      state.waiting += 1;
      fetchJson(url).then(function (data) {
        if (n === state.requests) drawFeatures(data);
      }).catch(fail).then(function () { state.waiting -= 1; });
    }

    function fail(err) {
      state.errors += 1;
      state.lastUrl = null;
      console.error("diachiso map: " + err.message);
    }

    if (cfg.mode === "static") {
      drawVillages(cfg.villages);
      drawFeatures(cfg.points);
      return;
    }
    var timer = null;
    function schedule() {
      if (timer === null) state.waiting += 1;
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; state.waiting -= 1; load(); }, 120);
    }
    map.on("moveend", schedule);
    map.on("overlayadd overlayremove", function (e) {
      if (e.layer !== villageLayer) schedule();
    });
    fetchJson(cfg.villagesUrl).then(drawVillages).catch(fail);
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
