/* The map of /carte: Leaflet (from npm, served by the app) over the points of the JSON island
 * #carte-donnees. The same points are in the table below the map, so the page stays usable
 * without JavaScript or when the tile server cannot be reached. Text is put in with
 * textContent only: names and titles never become HTML. */
(function () {
  "use strict";

  var island = document.getElementById("carte-donnees");
  var container = document.getElementById("carte");
  if (!island || !container || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(island.textContent);

  function link(href, text) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  function popup(point) {
    var box = document.createElement("div");
    box.lang = "fr";
    var title = document.createElement("p");
    title.className = "map-popup-title";
    title.appendChild(link(point.path, point.name));
    box.appendChild(title);
    if (point.official) {
      var note = document.createElement("p");
      note.className = "map-popup-official";
      note.textContent = data.official.replace("{}", point.official);
      box.appendChild(note);
    }
    if (point.records.length === 0) {
      var none = document.createElement("p");
      none.textContent = data.noRecord;
      box.appendChild(none);
      return box;
    }
    var list = document.createElement("ul");
    point.records.forEach(function (record) {
      var item = document.createElement("li");
      item.appendChild(link(record.path, record.title));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function tellTilesFailed() {
    var status = document.getElementById("carte-etat");
    if (status && !status.textContent) {
      status.textContent = data.tilesFailed;
    }
  }

  function localiseCloseButton(event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", data.close);
      close.title = data.close;
    }
  }

  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
  map.on("popupopen", localiseCloseButton);
  L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution })
    .on("tileerror", tellTilesFailed)
    .addTo(map);

  var markers = data.points.map(function (point) {
    return L.marker([point.lat, point.lon], { title: point.name, alt: point.name })
      .bindPopup(popup(point))
      .addTo(map);
  });
  if (markers.length > 0) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: 10 });
  } else {
    map.setView([46.6, 2.4], 5);
  }
  window.iacollMap = { map: map, markers: markers };
})();
