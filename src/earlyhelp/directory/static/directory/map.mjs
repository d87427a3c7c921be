// Draws the directory's maps with Leaflet (loaded before this module as window.L).
//
// Each <div class="eh-map" data-map="ID"> is drawn from the JSON in the element with id
// ID (Django's json_script): tiles (may be null: no tiles), areas (GeoJSON; deprived ones
// shaded), points (those in deprived areas outlined), centre and zoom; a legend follows
// the map. With data-map-pick="INPUT-ID", clicking the map puts "lat,lng" in that input
// and submits its form. The page lists the same facts, so nothing is lost without
// JavaScript or tiles. Text from the data goes into the page as text, never as HTML.

const COLOURS = { hub: "#00703c", service: "#1d70b8", gap: "#f47738", search: "#0b0c0c" };
const KINDS = {
  hub: "Family hub",
  service: "Service",
  gap: "Deprived area without a hub nearby",
  search: "Where you searched",
};
const DEPRIVED = { color: "#d4351c", weight: 1, fillColor: "#d4351c", fillOpacity: 0.3 };
const OTHER_AREA = { color: "#505a5f", weight: 1, fillOpacity: 0.05 };

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function areaLabel(properties) {
  const decile = properties.decile ? `IMD decile ${properties.decile}` : "IMD decile not known";
  return text("span", `${properties.name} (${properties.code}): ${decile}`);
}

function pointLabel(point) {
  if (!point.href) return text("span", point.label);
  const link = text("a", point.label, "govuk-link");
  link.href = point.href;
  return link;
}

function legendItem(swatchClass, label) {
  const item = text("div", "", "eh-map-legend__item");
  item.append(text("span", "", `eh-map-legend__swatch ${swatchClass}`), text("span", label));
  return item;
}

function legend(data) {
  const box = text("div", "", "eh-map-legend");
  box.append(legendItem("eh-map-legend__swatch--area", "Among the 30% most deprived areas in England"));
  const kinds = new Set(data.points.map((point) => point.kind));
  for (const kind of Object.keys(KINDS)) {
    if (kinds.has(kind)) box.append(legendItem(`eh-map-legend__swatch--${kind}`, KINDS[kind]));
  }
  if (data.points.some((point) => point.in_deprived_area)) {
    box.append(legendItem("eh-map-legend__swatch--outlined", "Thick outline: in a deprived area"));
  }
  return box;
}

function pick(map, input) {
  map.on("click", (event) => {
    input.value = `${event.latlng.lat.toFixed(5)},${event.latlng.lng.toFixed(5)}`;
    if (input.form.requestSubmit) input.form.requestSubmit();
    else input.form.submit();
  });
}

function draw(element) {
  const L = window.L;
  const source = document.getElementById(element.dataset.map);
  if (!L || !source) return;
  const data = JSON.parse(source.textContent);
  const map = L.map(element, { scrollWheelZoom: false });
  if (data.tiles) {
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 }).addTo(map);
  }
  const areas = L.geoJSON(data.areas, {
    style: (feature) => (feature.properties.deprived ? DEPRIVED : OTHER_AREA),
    onEachFeature: (feature, layer) => layer.bindTooltip(areaLabel(feature.properties)),
  });
  const markers = data.points.map((point) => {
    const colour = COLOURS[point.kind] || COLOURS.service;
    const marker = L.circleMarker([point.lat, point.lng], {
      radius: point.kind === "search" ? 6 : 8,
      color: point.in_deprived_area ? "#0b0c0c" : "#ffffff",
      weight: point.in_deprived_area ? 4 : 2,
      fillColor: colour,
      fillOpacity: 0.9,
      bubblingMouseEvents: false, // opening a point's popup is not choosing a place
    });
    return marker.bindPopup(pointLabel(point));
  });

  // The view is set before any layer is added: Leaflet cannot draw shapes on a map
  // that has no view yet.
  if (data.centre && data.zoom) {
    map.setView(data.centre, data.zoom);
  } else if (markers.length > 1) {
    map.fitBounds(L.latLngBounds(markers.map((marker) => marker.getLatLng())), {
      padding: [24, 24],
      maxZoom: 15,
    });
  } else if (markers.length === 1) {
    map.setView(markers[0].getLatLng(), 13);
  } else if (areas.getLayers().length) {
    map.fitBounds(areas.getBounds());
  } else if (data.centre) {
    map.setView(data.centre, 11);
  } else {
    map.setView([52.56, -1.46], 6); // England
  }
  areas.addTo(map);
  for (const marker of markers) marker.addTo(map);
  element.after(legend(data));

  const input = element.dataset.mapPick && document.getElementById(element.dataset.mapPick);
  if (input && input.form) pick(map, input);
}

for (const element of document.querySelectorAll(".eh-map[data-map]")) draw(element);
