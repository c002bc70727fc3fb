// The import preview's map: the registered villages' outlines (grey), and over them either the
// file's rows (blue: good, red: bad rows that have a position) or the file's village outlines
// (blue). The data is the page's JSON block (#preview-map-data), at most a few thousand rows
// whatever the file's size (the server samples them). Served as a file: the CSP allows no
// inline script.
"use strict";
(function () {
  var el = document.getElementById("preview-map");
  var data = document.getElementById("preview-map-data");
  if (!el || !data || typeof L === "undefined") return;
  var doc = JSON.parse(data.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  var tiles = el.getAttribute("data-tiles");
  if (tiles) L.tileLayer(tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  var rowWord = el.getAttribute("data-row") || "";

  function named(feature, layer) {
    layer.bindTooltip(feature.properties.name);
  }
  var layers = [];
  var villages = L.geoJSON(doc.villages, {
    style: { color: "#616161", weight: 2, fillOpacity: 0.05, className: "village-registered" },
    onEachFeature: named
  }).addTo(map);
  layers.push(villages);
  if (doc.outlines) {
    layers.push(L.geoJSON(doc.outlines, {
      style: { color: "#1565c0", weight: 3, dashArray: "6 4", fillOpacity: 0.1, className: "village-new" },
      onEachFeature: named
    }).addTo(map));
  }
  var points = L.featureGroup();
  doc.points.forEach(function (p) {
    var bad = p[3] === 1;
    var marker = L.circleMarker([p[0], p[1]], {
      radius: bad ? 6 : 4,
      color: bad ? "#c62828" : "#1565c0",
      weight: bad ? 2 : 1,
      fillOpacity: bad ? 0.4 : 0.7,
      className: bad ? "row-bad" : "row-good"
    });
    if (p[2] !== null) marker.bindTooltip(rowWord + " " + p[2]);
    marker.addTo(points);
  });
  points.addTo(map);
  layers.push(points);

  var bounds = L.latLngBounds([]);
  layers.forEach(function (layer) {
    var b = layer.getBounds();
    if (b.isValid()) bounds.extend(b);
  });
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 });
  else map.setView([16, 106], 5);  // nothing to show: Viet Nam
})();
