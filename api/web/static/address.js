// The address page: a small map, and for a signed-in volunteer the confirmation card
// (field_card.js) opened in place for this plate. Served as a file so that the page's CSP
// allows no inline script.
(function () {
  "use strict";

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

  document.addEventListener("DOMContentLoaded", function () {
    showMap();
    var panel = document.getElementById("volunteer");
    if (panel && document.getElementById("card") && window.diachisoCard) {
      window.diachisoCard.open(panel.dataset.code);
    }
    // The card's confirmation, once the server has it, puts the plate on the wall here too.
    var status = document.getElementById("status");
    document.addEventListener("diachiso:plate", function (e) {
      if (status && panel && e.detail.code === panel.dataset.code) {
        status.textContent = status.dataset.installed;
      }
    });
  });
})();
