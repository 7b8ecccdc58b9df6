// How well you keep it: per relationship, how many missed calls you returned within
// their window, a small bar chart (SVG, no library) and the numbers behind it.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { span } from "./today.js";
import { h } from "./ui.js";

const PERIODS = [30, 90, 365];
const SVG = "http://www.w3.org/2000/svg";
// Each row: the relationship's name and its share on one line, the bar under it, so a
// long name ("Unbekannte Nummer") is never cut.
const ROW = 46;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

function percent(share) {
  return share === null ? "–" : `${Math.round(share * 100)} %`;
}

/* One bar per relationship with calls: the share called back in time. */
function chart(rows) {
  const height = rows.length * ROW;
  const title = svg("title", {}, t("stats.chart"));
  const bars = rows.map((row, index) => {
    const y = index * ROW;
    return svg(
      "g",
      { class: "bar", "data-relationship": row.relationship },
      svg("text", { x: "0", y: String(y + 16), class: "bar-label" }, row.label),
      svg("text", { x: "100%", y: String(y + 16), "text-anchor": "end", class: "bar-share" }, percent(row.share)),
      svg("rect", { x: "0", y: String(y + 22), width: "100%", height: "14", rx: "4", class: "bar-track" }),
      svg("rect", { x: "0", y: String(y + 22), width: `${100 * (row.share ?? 0)}%`, height: "14", rx: "4", class: "bar-value" }),
    );
  });
  return svg("svg", { class: "chart", width: "100%", height: String(height), role: "img", "aria-labelledby": "chart-title" }, Object.assign(title, { id: "chart-title" }), ...bars);
}

function minutes(value) {
  return value === null ? "–" : span(Math.round(value * 60));
}

function table(rows, total) {
  const cells = (row) => [
    h("td", {}, String(row.missed)),
    h("td", {}, String(row.called_back_in_window)),
    h("td", {}, String(row.pending)),
    h("td", {}, minutes(row.median_first_attempt_minutes)),
    h("td", {}, String(row.overdue_now)),
  ];
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "stats" },
      h("colgroup", {}, h("col", { class: "name" }), h("col"), h("col"), h("col"), h("col"), h("col")),
      h("thead", {}, h("tr", {}, h("th", {}, ""), ...["stats.missed", "stats.in_time", "stats.pending", "stats.first_try", "stats.overdue"].map((key) => h("th", { scope: "col" }, t(key))))),
      h("tbody", {}, ...rows.map((row) => h("tr", {}, h("th", { scope: "row" }, row.label), ...cells(row)))),
      h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, t("stats.total")), ...cells(total))),
    ),
  );
}

export async function renderStats(root, { params }) {
  const days = PERIODS.includes(Number(params.get("days"))) ? Number(params.get("days")) : PERIODS[0];
  root.append(
    h("h1", {}, t("stats.title")),
    h("div", { class: "periods", role: "group", "aria-label": t("stats.period") }, ...PERIODS.map((period) =>
      h("a", { class: period === days ? "button" : "button secondary", href: `/stats?days=${period}`, "aria-current": period === days ? "page" : false }, t("stats.days", { days: period })),
    )),
  );
  let stats;
  try {
    stats = await api(`/api/stats/?days=${days}`);
  } catch (error) {
    root.append(h("p", {}, error.message));
    return;
  }
  const rows = stats.relationships.filter((row) => row.missed || row.overdue_now);
  if (!stats.total.missed) {
    root.append(h("p", { class: "empty" }, t("stats.none")));
    return;
  }
  // While every call still has time there is no share yet: no "– … 0 of 0" and no
  // empty bars, only what is pending and the numbers.
  const decided = stats.total.missed - stats.total.pending;
  root.append(
    ...[
      decided > 0 && h("p", { class: "headline" }, h("strong", {}, percent(stats.total.share)), " ", t("stats.headline", { n: stats.total.called_back_in_window, total: decided })),
      stats.total.pending > 0 && h("p", { class: "meta" }, t("stats.pending_line", { count: stats.total.pending })),
      decided > 0 && chart(rows),
      table(rows, stats.total),
    ].filter(Boolean),
  );
}
