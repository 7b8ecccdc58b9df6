// Picking a time zone by city or country and a country by its name, in the user's
// language. The zones are the IANA table's (one per place, none of the outdated aliases
// such as Asia/Calcutta), each with its country, served with the app's words.
import CATALOGUE from "/catalogue.js";
import { language, t } from "./i18n.js";
import { field, h } from "./ui.js";

const ZONES = CATALOGUE.zones || {};
const EXAMPLES = CATALOGUE.phone_examples || {};

export function detectedZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/* The phone's zone when it names a place ("Berlin · Germany"); none when the browser
 * says only UTC or Etc/GMT+1 (a phone set to no place, or a browser hiding it): that
 * tells a person nothing about where they are. */
export function detectedPlace() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && ZONES[zone] ? zoneLabel(zone) : "";
}

export function countryName(code) {
  try {
    return new Intl.DisplayNames([language()], { type: "region" }).of(code) || code;
  } catch {
    return code;
  }
}

/* "America/Argentina/Buenos_Aires" → "Buenos Aires · Argentinien". */
export function zoneLabel(zone) {
  const city = zone.split("/").at(-1).replaceAll("_", " ");
  return ZONES[zone] ? `${city} · ${countryName(ZONES[zone])}` : city;
}

function sortedOptions(entries, current) {
  return entries
    .sort((a, b) => a[1].localeCompare(b[1], language()))
    .map(([value, label]) => h("option", { value, selected: value === current }, label));
}

/* A search field above the list keeps only the places whose city or country match. */
function searchable(select, label, hint, words = t("zone.search")) {
  const search = h("input", { type: "search", autocomplete: "off", "aria-label": words, placeholder: words });
  search.addEventListener("input", () => {
    const wanted = search.value.trim().toLocaleLowerCase(language());
    let first = null;
    for (const option of select.options) {
      const text = `${option.textContent} ${option.value}`.toLocaleLowerCase(language());
      option.hidden = Boolean(wanted) && !text.includes(wanted);
      if (!option.hidden && !first) first = option;
    }
    if (first && select.selectedOptions[0]?.hidden) select.value = first.value;
  });
  const wrapper = field(label, select, hint);
  wrapper.insertBefore(search, select);
  return wrapper;
}

/* `optional`: a contact's own zone, where the first choice (empty) is "as mine". */
export function zoneField(current, { hint, label = t("settings.time_zone"), optional = false } = {}) {
  const zones = [...new Set([current, detectedZone(), "UTC", ...Object.keys(ZONES)])].filter(Boolean);
  const select = h("select", { name: "time_zone" }, ...sortedOptions(zones.map((zone) => [zone, zoneLabel(zone)]), current));
  if (optional) select.prepend(h("option", { value: "", selected: !current }, t("zone.mine")));
  return searchable(select, label, hint);
}

/* The country of numbers typed without a country code; the hint shows one of its
 * numbers as people there write it, and follows the choice. */
export function countryField(current) {
  const codes = [...new Set([current, ...Object.values(ZONES)])].filter((code) => code && EXAMPLES[code]);
  const select = h("select", { name: "phone_region", autocomplete: "country" }, ...sortedOptions(codes.map((code) => [code, countryName(code)]), current));
  const hint = () => t("settings.phone_region_hint", { example: EXAMPLES[select.value] || "" });
  // A list of countries: no city to search for.
  const wrapper = searchable(select, t("settings.phone_region"), hint(), t("zone.search_country"));
  select.addEventListener("change", () => (wrapper.querySelector(".hint").textContent = hint()));
  return wrapper;
}

/* The country a zone lies in (for a zone of no country, none). */
export function countryOfZone(zone) {
  return ZONES[zone] || "";
}
