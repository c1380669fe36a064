// Maps of the directory. The page works without them: markers come from the list items (data-marker).
(function () {
  "use strict";

  function draw(container) {
    if (typeof L === "undefined" || !container || container.dataset.drawn) { return; }
    var scope = container.closest("#results") || document;
    var points = Array.prototype.slice.call(scope.querySelectorAll("[data-marker]"));
    if (!points.length) { return; }
    container.dataset.drawn = "1";
    // Leaflet's zoom buttons are titled in English: the page gives their titles in its own language.
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: container.dataset.zoomIn || "+", zoomOutTitle: container.dataset.zoomOut || "-" })
      .addTo(map);
    L.tileLayer(container.dataset.tileUrl, { maxZoom: 18, attribution: container.dataset.attribution }).addTo(map);
    var bounds = [];
    points.forEach(function (item) {
      var lat = parseFloat(item.dataset.lat), lon = parseFloat(item.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) { return; }
      var marker = L.circleMarker([lat, lon], { radius: 8, color: "#084656", weight: 2, fillColor: "#0b5f73", fillOpacity: 0.8 });
      var label = document.createElement(item.dataset.href ? "a" : "span");
      label.textContent = item.dataset.name || "";
      if (item.dataset.href) { label.href = item.dataset.href; }
      marker.bindPopup(label).addTo(map);
      bounds.push([lat, lon]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], parseInt(container.dataset.zoom || "13", 10));
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    }
  }

  function drawAll() { document.querySelectorAll("[data-map]").forEach(draw); }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
