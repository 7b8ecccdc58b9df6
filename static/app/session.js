// A callback session: the waiting callbacks one after another, most urgent first. For
// each: who, the number, every reason they gave, your notes on them, a note you prepare
// before calling, then Call, then how it went, then the next person.
import { all, api, patch } from "./api.js";
import { quoted, t } from "./i18n.js";
import { dueCallbacks, outcomeChoices, primaryAction, timeLeft } from "./today.js";
import { theirTime } from "./contactfields.js";
import { textAttributes } from "./textsheet.js";
import { busy, clearErrors, field, formError, h, showErrors, toast } from "./ui.js";
import { reminderVoicemails } from "./voicemail.js";

/* Every reason they gave for this obligation, oldest first, and the contact's notes. */
async function background(reminder) {
  if (!reminder.contact) return { reasons: reminder.reason ? [reminder.reason] : [], notes: "" };
  const [contact, history] = await Promise.all([
    api(`/api/contacts/${reminder.contact.id}/`).catch(() => null),
    all(`/api/contacts/${reminder.contact.id}/history/`).catch(() => []),
  ]);
  const calls = history.find((r) => r.id === reminder.id)?.missed_calls || [];
  const reasons = calls
    .filter((call) => call.reason)
    .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at))
    .map((call) => call.reason);
  if (!reasons.length && reminder.reason) reasons.push(reminder.reason);
  return { reasons, notes: contact?.notes || "" };
}

function prepareForm(reminder) {
  const note = h("textarea", { name: "notes", rows: "3", maxlength: "2000" }, reminder.notes || "");
  const save = h("button", { type: "submit", class: "secondary" }, t("session.save_note"));
  const form = h("form", { class: "stack", novalidate: true }, field(t("session.prepare"), note, t("session.prepare_hint")), formError(), save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const saved = await busy(save, patch(`/api/reminders/${reminder.id}/`, { notes: note.value }));
      reminder.notes = saved?.notes ?? note.value;
      clearErrors(form);
      toast(t("toast.saved"));
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

async function step(root, queue, index, finish) {
  const reminder = queue[index];
  const next = () => (index + 1 < queue.length ? step(root, queue, index + 1, finish) : finish());
  const { reasons, notes } = await background(reminder);
  const call = primaryAction(reminder);
  const outcome = h("div", { class: "card-panel" });
  root.replaceChildren(
    h("p", { class: "progress-count", role: "status" }, t("session.progress", { n: index + 1, total: queue.length })),
    h("h1", {}, reminder.who),
    h("p", { class: "meta" }, reminder.contact ? t(`rel.${reminder.contact.relationship}`) : t("unknown"), " · ", timeLeft(reminder.seconds_left)),
    theirTime(reminder.contact),
    reminder.number && h("p", { class: "number" }, h("a", { href: reminder.call_url || `tel:${reminder.number}` }, reminder.number_shown || reminder.number)),
    h("h2", {}, t("session.reasons")),
    reasons.length ? h("ul", { class: "reasons" }, ...reasons.map((reason) => h("li", {}, quoted(reason)))) : h("p", { class: "hint" }, t("session.no_reason")),
    reminderVoicemails(reminder),
    notes && h("h2", {}, t("field.notes")),
    notes && h("p", { class: "notes" }, notes),
    prepareForm(reminder),
    call && h("a", { class: "button primary wide", href: call.url, "data-action": call.action, ...textAttributes(reminder, call) }, call.title),
    outcome,
    h("button", { type: "button", class: "link", onclick: next }, t("session.skip")),
  );
  outcome.append(outcomeChoices(reminder, next, (content) => outcome.replaceChildren(content), { noAnswer: true }));
}

export async function renderSession(root) {
  let queue;
  try {
    queue = dueCallbacks(await all("/api/reminders/"));
  } catch (error) {
    root.append(h("h1", {}, t("session.title")), h("p", {}, error.message));
    return;
  }
  const finish = () =>
    root.replaceChildren(
      h("h1", {}, t("session.title")),
      h("p", { class: "empty" }, queue.length ? t("session.finished") : t("session.empty")),
      h("a", { class: "button wide", href: "/today" }, t("nav.today")),
    );
  if (!queue.length) return finish();
  await step(root, queue, 0, finish);
}
