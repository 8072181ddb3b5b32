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

  function section(point) {
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

  // Organisations at the same position (a commune and its métropole placed at the same town
  // hall) share one marker, whose popup has a section for each.
  function popup(points) {
    var box = document.createElement("div");
    points.forEach(function (point) {
      box.appendChild(section(point));
    });
    return box;
  }

  function byPosition(points) {
    var groups = {};
    var order = [];
    points.forEach(function (point) {
      var key = point.lat + "," + point.lon;
      if (!groups[key]) {
        groups[key] = [];
        order.push(key);
      }
      groups[key].push(point);
    });
    return order.map(function (key) {
      return groups[key];
    });
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
  // Readers who asked their system for less motion get no fades or zoom animations.
  var still = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var map = L.map(container, {
    scrollWheelZoom: false,
    zoomControl: false,
    fadeAnimation: !still,
    zoomAnimation: !still,
    markerZoomAnimation: !still,
  });
  L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
  map.on("popupopen", localiseCloseButton);
  L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution })
    .on("tileerror", tellTilesFailed)
    .addTo(map);

  var markers = byPosition(data.points).map(function (group) {
    var names = group
      .map(function (point) {
        return point.name;
      })
      .join(" ; ");
    return L.marker([group[0].lat, group[0].lon], { title: names, alt: names })
      .bindPopup(popup(group))
      .addTo(map);
  });
  if (markers.length > 0) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: 10 });
  } else {
    map.setView([46.6, 2.4], 5);
  }
  window.iacollMap = { map: map, markers: markers };
})();
