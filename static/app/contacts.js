// Contacts: search, the list, one person with their history, adding and editing.
import { all, api, patch, post } from "./api.js";
import { formatTime, quoted, t } from "./i18n.js";
import { go, session } from "./state.js";
import { labelChoices, labelShown, labelStored } from "./labels.js";
import { renderMerge } from "./merge.js";
import { rhythmSection } from "./rhythm.js";
import { contactFacts, datesEditor, datesValue, rhythmField, theirTime } from "./contactfields.js";
import { textChannelField } from "./textsheet.js";
import { zoneField } from "./zones.js";
import { busy, field, formError, h, showErrors, toast } from "./ui.js";

export const RELATIONSHIPS = ["family", "friend", "partner", "date", "work", "client", "other"];
const CHANNELS = ["call", "text", "email"];

function options(values, prefix, selected) {
  return values.map((value) => h("option", { value, selected: value === selected }, t(`${prefix}.${value}`)));
}

export async function renderContacts(root, { id, params }) {
  if (id && params.has("merge")) return renderMerge(root, id);
  if (id) return renderContact(root, id, params.has("edit"));
  if (params.has("new")) return renderForm(root, null, params);
  const search = h("input", { type: "search", name: "search", autocomplete: "off", value: params.get("search") || "" });
  const list = h("ul", { class: "rows", "aria-live": "polite" });
  const load = async () => {
    const query = search.value.trim();
    try {
      const page = await api(query ? `/api/contacts/?search=${encodeURIComponent(query)}` : "/api/contacts/?archived=false");
      list.replaceChildren(
        ...page.results.map((contact) =>
          h("li", {}, h("a", { class: "row", href: `/contacts/${contact.id}` }, h("span", {}, contact.starred ? `★ ${contact.name}` : contact.name, theirTime(contact)), h("small", {}, t(`rel.${contact.relationship}`)))),
        ),
      );
      if (!page.results.length) list.append(h("li", { class: "hint" }, t("contacts.none")));
    } catch (error) {
      list.replaceChildren(h("li", { class: "hint" }, error.message));
    }
  };
  let timer = 0;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(load, 200);
  });
  root.append(
    h("h1", {}, t("contacts.title")),
    field(t("contacts.search"), search),
    h("a", { class: "button wide", href: "/contacts?new=1" }, t("contacts.add")),
    list,
  );
  await load();
}

function historyItem(reminder) {
  const events = [
    ...reminder.missed_calls.map((call) => ({ at: call.occurred_at, text: t("history.missed") + (call.reason ? ` — ${quoted(call.reason)}` : "") })),
    ...reminder.attempts.map((attempt) => ({
      at: attempt.at,
      text: t("history.attempt", { channel: t(`channel.${attempt.channel}`), outcome: t(`outcome.${attempt.outcome}`) }) + (attempt.note ? ` — ${attempt.note}` : ""),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return h(
    "li",
    { class: "history" },
    // What it was and how it stands, to its own page: a birthday with no calls said only "open".
    h("p", { class: "meta" }, h("a", { href: reminder.url || `/reminders/${reminder.id}` }, `${t(`history.kind.${reminder.kind}`)} · ${t(`state.${reminder.state}`)}`)),
    h("ul", {}, ...events.map((event) => h("li", {}, h("time", { datetime: event.at }, formatTime(event.at)), " ", event.text))),
  );
}

async function renderContact(root, id, editing) {
  let contact;
  try {
    contact = await api(`/api/contacts/${id}/`);
  } catch (error) {
    root.append(h("p", {}, error.status === 404 ? t("error.not_found") : error.message));
    return;
  }
  if (editing) return renderForm(root, contact);
  // Only what there is: append() would show a missing e-mail or note as "false" or "null".
  const parts = [
    h("a", { href: "/contacts", class: "back" }, `← ${t("contacts.back")}`),
    h("h1", {}, contact.name),
    h("p", { class: "meta" }, t(`rel.${contact.relationship}`)),
    ...contactFacts(contact),
    h("ul", { class: "rows" }, ...contact.numbers.map((n) => h("li", {}, h("a", { class: "row", href: `tel:${n.number}` }, h("span", {}, n.display || n.number), h("small", {}, labelShown(n.label)), n.needs_country_code && h("small", { class: "badge", "data-flag": "needs_country_code" }, t("number.needs_country_code")))))),
    contact.email && h("p", {}, h("a", { href: `mailto:${contact.email}` }, contact.email)),
    contact.notes && h("p", { class: "notes" }, contact.notes),
    h("a", { class: "button secondary wide", href: `/contacts/${id}?edit=1` }, t("contacts.edit")),
    h("a", { class: "button secondary wide", href: `/contacts/${id}?merge=1` }, t("merge.entry")),
  ];
  root.append(...parts.filter(Boolean));
  root.append(await rhythmSection(contact, () => go(`/contacts/${id}`, { replace: true })));
  const history = h("ul", { class: "cards" });
  root.append(h("h2", {}, t("contacts.history")), history);
  try {
    const reminders = await all(`/api/contacts/${id}/history/`);
    history.replaceChildren(...reminders.map(historyItem));
    if (!reminders.length) history.append(h("li", { class: "hint" }, t("contacts.no_history")));
  } catch (error) {
    history.append(h("li", { class: "hint" }, error.message));
  }
}

function numberRow(number = {}) {
  return h(
    "div",
    { class: "number-row" },
    field(t("field.number"), h("input", { name: "number", type: "tel", autocomplete: "tel", value: number.display || number.number || "" })),
    field(t("field.label"), h("input", { name: "label", list: "number-labels", value: labelShown(number.label) })),
  );
}

/* A new contact may come from an unknown caller's reminder (number and reminder in the
 * address): saving it makes the reminder theirs, so back to that reminder then. */
function renderForm(root, contact, params = new URLSearchParams()) {
  const given = params.get("number");
  const c = contact || { relationship: "friend", preferred_channel: "call", numbers: given ? [{ number: given }] : [] };
  const reminder = Number(params.get("reminder")) || null;
  const numbers = h("div", { class: "numbers" }, ...(c.numbers.length ? c.numbers : [{}]).map(numberRow));
  const save = h("button", { type: "submit" }, t("field.save"));
  const relationship = h("select", { name: "relationship" }, ...options(RELATIONSHIPS, "rel", c.relationship));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    field(t("field.name"), h("input", { name: "name", required: true, value: c.name || "", autocomplete: "off" })),
    field(t("field.relationship"), relationship),
    numbers,
    labelChoices("number-labels"),
    h("button", { type: "button", class: "secondary", onclick: () => numbers.append(numberRow()) }, "+ " + t("field.number")),
    field(t("field.email"), h("input", { name: "email", type: "email", value: c.email || "", autocomplete: "off" })),
    field(t("field.greeting"), h("input", { name: "greeting", value: c.greeting || "", autocomplete: "off" }), t("field.greeting_hint")),
    field(
      t("field.formal"),
      h(
        "select",
        { name: "formal" },
        ...[["", "formal.auto"], ["true", "formal.yes"], ["false", "formal.no"]].map(([value, key]) =>
          h("option", { value, selected: String(c.formal ?? "") === value }, t(key)),
        ),
      ),
    ),
    field(t("field.channel"), h("select", { name: "preferred_channel" }, ...options(CHANNELS, "channel", c.preferred_channel))),
    field(t("field.text_channel"), textChannelField(c.text_channel, { optional: true })),
    zoneField(c.time_zone || "", { label: t("field.time_zone"), optional: true, hint: t("field.time_zone_hint") }),
    field(t("field.window"), h("input", { name: "callback_window", type: "number", min: "1", max: String(session.me?.limits?.window_minutes_max ?? ""), inputmode: "numeric", value: c.callback_window ?? "" })),
    rhythmField(c, relationship),
    datesEditor(c.dates || []),
    field(t("field.notes"), h("textarea", { name: "notes", rows: "3" }, c.notes || "")),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "starred", checked: Boolean(c.starred) }), t("field.starred")),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "archived", checked: Boolean(c.archived) }), t("field.archive")),
    formError(),
    h("div", { class: "actions" }, save, h("a", { class: "button secondary", href: contact ? `/contacts/${contact.id}` : "/contacts" }, t("field.cancel"))),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const labels = data.getAll("label");
    const body = {
      name: data.get("name"),
      relationship: data.get("relationship"),
      email: data.get("email"),
      greeting: data.get("greeting").trim(),
      formal: data.get("formal") === "" ? null : data.get("formal") === "true",
      preferred_channel: data.get("preferred_channel"),
      text_channel: data.get("text_channel"),
      time_zone: data.get("time_zone"),
      callback_window: data.get("callback_window") ? Number(data.get("callback_window")) : null,
      notes: data.get("notes"),
      starred: data.has("starred"),
      archived: data.has("archived"),
      keep_in_touch_days: data.get("keep_in_touch_days") ? Number(data.get("keep_in_touch_days")) : null,
      dates: datesValue(form),
      numbers: data
        .getAll("number")
        .map((number, index) => ({ number: number.trim(), label: labelStored(labels[index]) }))
        .filter((n) => n.number),
    };
    try {
      const saved = await busy(save, contact ? patch(`/api/contacts/${contact.id}/`, body) : post("/api/contacts/", body));
      toast(t("toast.saved"));
      go(reminder ? `/reminders/${reminder}` : `/contacts/${saved.id}`, { replace: true });
    } catch (error) {
      showErrors(form, error);
    }
  });
  root.append(h("h1", {}, contact ? contact.name : t("contacts.add")), form);
}
