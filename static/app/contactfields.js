// The contact form's fields beyond name and numbers: their days (birthday, anniversary…,
// with or without the year, reminded N days before), their own keep-in-touch rhythm,
// and the same facts on the contact's page.
import { language, t, timeZone } from "./i18n.js";
import { session } from "./state.js";
import { field, h } from "./ui.js";

const KINDS = ["birthday", "anniversary", "other"];

function monthNames() {
  const format = new Intl.DateTimeFormat(language(), { month: "long", timeZone: "UTC" });
  return Array.from({ length: 12 }, (_, index) => format.format(Date.UTC(2000, index, 1)));
}

/* "1980-03-22" or "--03-22" (no year) as its parts; a new row is empty. */
function dayParts(iso = "") {
  const found = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(iso);
  if (!found) return { year: "", month: 1, day: "" };
  return { year: found[1] === "-" ? "" : found[1], month: Number(found[2]), day: Number(found[3]) };
}

/* The error line of a group of inputs (a fieldset is a form element too). */
function group(name, legend, ...children) {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 9)}`;
  return h("fieldset", { name, id, class: "group" }, h("legend", {}, legend), ...children, h("p", { class: "field-error", id: `${id}-error`, hidden: true }));
}

function dateRow(row = {}) {
  const { year, month, day } = dayParts(row.date);
  const kind = h("select", { name: "dates-kind" }, ...KINDS.map((value) => h("option", { value, selected: value === (row.kind || "birthday") }, t(`day.${value}`))));
  const remove = h("button", { type: "button", class: "link" }, t("dates.remove"));
  const element = h(
    "fieldset",
    { class: "date-row", "data-id": row.id ?? "" },
    h("legend", {}, t("dates.day")),
    field(t("dates.kind"), kind),
    field(t("dates.label"), h("input", { name: "dates-label", value: row.label || "", autocomplete: "off" })),
    h(
      "div",
      { class: "day-row" },
      field(t("dates.date"), h("input", { name: "dates-date", type: "number", min: "1", max: "31", inputmode: "numeric", value: day })),
      field(t("dates.month"), h("select", { name: "dates-month" }, ...monthNames().map((name, index) => h("option", { value: String(index + 1), selected: index + 1 === month }, name)))),
      field(t("dates.year"), h("input", { name: "dates-year", type: "number", min: "1", max: "9999", inputmode: "numeric", value: year })),
    ),
    field(t("dates.remind"), h("input", { name: "dates-remind_days_before", type: "number", min: "0", max: "60", inputmode: "numeric", value: row.remind_days_before ?? 0 }), t("dates.remind_hint")),
    remove,
  );
  remove.addEventListener("click", () => element.remove());
  return element;
}

/* Their days, each row editable; "+ a day" adds one. */
export function datesEditor(dates = []) {
  const rows = h("div", { class: "stack" }, ...dates.map(dateRow));
  return group("dates", t("rhythm.dates"), rows, h("button", { type: "button", class: "secondary", onclick: () => rows.append(dateRow()) }, `+ ${t("dates.add")}`));
}

const pad = (value, size = 2) => String(value).padStart(size, "0");

/* The rows as the API takes them: an existing row keeps its id, a day without a year
 * is --MM-DD. An empty day goes as it is, and the server says what is missing. */
export function datesValue(form) {
  return [...form.querySelectorAll(".date-row")].map((row) => {
    const value = (name) => row.querySelector(`[name="dates-${name}"]`).value.trim();
    const day = value("date");
    const date = !day ? "" : value("year") ? `${pad(value("year"), 4)}-${pad(value("month"))}-${pad(day)}` : `--${pad(value("month"))}-${pad(day)}`;
    return {
      ...(row.dataset.id && { id: Number(row.dataset.id) }),
      kind: value("kind"),
      label: value("label"),
      date,
      remind_days_before: Number(value("remind_days_before") || 0),
    };
  });
}

function relationshipRhythm(relationship) {
  return session.me?.keep_in_touch_defaults?.[relationship] ?? null;
}

function rhythmHint(relationship) {
  const days = relationshipRhythm(relationship);
  return days ? t("field.rhythm_hint", { days: t("rhythm.days", { count: days }) }) : t("field.rhythm_hint_none");
}

/* Their own rhythm, or (empty) the one of their relationship, named in the hint. */
export function rhythmField(contact, relationshipSelect) {
  const input = h("input", {
    name: "keep_in_touch_days",
    type: "number",
    min: "1",
    max: String(session.me?.limits?.rhythm_days_max ?? 730),
    inputmode: "numeric",
    value: contact.keep_in_touch_days ?? "",
  });
  const wrapper = field(t("field.rhythm"), input, rhythmHint(contact.relationship));
  relationshipSelect.addEventListener("change", () => {
    wrapper.querySelector(".hint").textContent = rhythmHint(relationshipSelect.value);
  });
  return wrapper;
}

/* "14:05 Uhr in New York": the time on their clock (beside their name, which it does not
 * repeat), when they have a zone of their own that is not the user's; else an empty text (append and replaceChildren
 * would show a null as "null"). */
export function theirTime(contact, now = new Date()) {
  if (!contact?.time_zone || contact.time_zone === timeZone()) return "";
  const time = new Intl.DateTimeFormat(language(), { timeStyle: "short", timeZone: contact.time_zone }).format(now);
  const place = contact.time_zone.split("/").at(-1).replaceAll("_", " ");
  return h("p", { class: "meta their-time", "data-zone": contact.time_zone }, t("contact.their_time", { time, place }));
}

/* On the contact's page: how to address them and how to reach them. */
export function contactFacts(contact) {
  const register = contact.formal === null || contact.formal === undefined ? "formal.auto" : contact.formal ? "formal.yes" : "formal.no";
  const minutes = contact.callback_window;
  const facts = [
    contact.greeting && [t("field.greeting"), contact.greeting],
    [t("field.formal"), t(register)],
    [t("field.channel"), t(`channel.${contact.preferred_channel}`)],
    [t("field.text_channel"), t(contact.text_channel ? `textchannel.${contact.text_channel}` : "textchannel.default")],
    minutes && [t("field.window"), t("span.hours", { h: Math.floor(minutes / 60), m: pad(minutes % 60) })],
    [t("field.rhythm"), contact.keep_in_touch_days ? t("rhythm.days", { count: contact.keep_in_touch_days }) : t("field.rhythm_relationship")],
  ].filter(Boolean);
  return [
    contact.archived && h("p", { class: "badge archived" }, t("field.archived")),
    theirTime(contact),
    h("dl", { class: "facts contact-facts" }, ...facts.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)])),
    // append() would show a `false` (not archived) as the word "false".
  ].filter(Boolean);
}
