// Today: everyone waiting for a call back, most urgent first, with a live countdown.
import { api, post } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { askWorker, go } from "./state.js";
import { h, toast } from "./ui.js";

const URGENT = 15 * 60;
const SOON = 2 * 3600;
let ticker = 0;

function pad(value) {
  return String(value).padStart(2, "0");
}

function duration(seconds) {
  const d = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return t("left.days", { d, h: hours });
  if (hours) return t("left.hours", { h: hours, m: pad(m) });
  return t("left.minutes", { m, s: pad(seconds % 60) });
}

export function timeLeft(seconds) {
  if (seconds >= 0) return duration(seconds);
  const late = -seconds;
  const hours = Math.floor(late / 3600);
  const text = hours ? `${hours} h ${pad(Math.floor((late % 3600) / 60))} min` : `${Math.ceil(late / 60)} min`;
  return t("overdue", { time: text });
}

function urgency(seconds) {
  if (seconds < 0) return "overdue";
  if (seconds <= URGENT) return "urgent";
  if (seconds <= SOON) return "soon";
  return "calm";
}

/* The deadline on this phone's clock: the server says how many seconds were left when
 * it answered, which holds even when the phone's clock is off. */
function tick(root) {
  for (const node of root.querySelectorAll("[data-deadline]")) {
    const seconds = Math.round((Number(node.dataset.deadline) - Date.now()) / 1000);
    node.textContent = timeLeft(seconds);
    node.closest(".card").dataset.urgency = urgency(seconds);
  }
}

function startTicking(root) {
  clearInterval(ticker);
  tick(root);
  ticker = setInterval(() => (root.isConnected ? tick(root) : clearInterval(ticker)), 1000);
}

async function act(reminder, action, body, message, after) {
  try {
    const result = await post(`/api/reminders/${reminder.id}/${action}/`, body, { idempotent: true });
    toast(result?.queued ? t("toast.queued") : message);
  } catch (error) {
    toast(error.message);
  }
  after();
}

function snoozeChoices(reminder, after) {
  return h(
    "fieldset",
    { class: "snooze", hidden: true },
    h("legend", {}, t("snooze.for")),
    ...[15, 60, 180].map((minutes) =>
      h("button", { type: "button", class: "secondary", onclick: () => act(reminder, "snooze", { minutes }, t("toast.snoozed"), after) }, t(`snooze.${minutes}`)),
    ),
  );
}

export function reminderCard(reminder, answeredAt, after) {
  const deadline = answeredAt + reminder.seconds_left * 1000;
  const snooze = snoozeChoices(reminder, after);
  const relationship = reminder.contact ? t(`rel.${reminder.contact.relationship}`) : reminder.number;
  return h(
    "li",
    { class: "card", "data-id": reminder.id, "data-urgency": urgency(reminder.seconds_left) },
    h(
      "div",
      { class: "card-head" },
      h("h2", {}, h("a", { href: reminder.url || `/reminders/${reminder.id}` }, reminder.who)),
      reminder.overdue && h("span", { class: "badge" }, t("overdue.badge")),
    ),
    h("p", { class: "meta" }, relationship, reminder.call_count > 1 && ` · ${t("calls", { count: reminder.call_count })}`),
    h("p", { class: "left", "data-deadline": deadline }, timeLeft(reminder.seconds_left)),
    reminder.state === "snoozed" && reminder.snoozed_until && h("p", { class: "meta" }, t("snoozed", { time: formatTime(reminder.snoozed_until) })),
    reminder.reason && h("p", { class: "reason" }, `“${reminder.reason}”`),
    h(
      "div",
      { class: "actions" },
      reminder.call_url && h("a", { class: "button", href: reminder.call_url }, t("action.call")),
      reminder.text_url && h("a", { class: "button secondary", href: reminder.text_url }, t("action.text")),
      h("button", { type: "button", onclick: () => act(reminder, "done", {}, t("toast.done"), after) }, t("action.done")),
      h("button", { type: "button", class: "secondary", "aria-expanded": "false", onclick: (event) => {
        snooze.hidden = !snooze.hidden;
        event.currentTarget.setAttribute("aria-expanded", String(!snooze.hidden));
      } }, t("action.snooze")),
      h("button", { type: "button", class: "secondary", onclick: () => act(reminder, "attempts", { channel: "call", outcome: "no_answer" }, t("toast.no_answer"), after) }, t("action.no_answer")),
    ),
    snooze,
  );
}

let prefetched = null;

/* Start loading the Today list before the session is known, so that opening the app
 * waits for one round trip instead of two; the first render of Today takes it. */
export function prefetchToday() {
  prefetched = api("/api/reminders/");
  prefetched.catch(() => {});
}

export async function renderToday(root) {
  root.append(h("h1", {}, t("today.title")));
  const status = h("p", { class: "meta", role: "status" });
  const list = h("ul", { class: "cards" });
  root.append(status, list, h("a", { class: "button wide", href: "/log" }, t("log.title")));
  const load = async () => {
    let page;
    try {
      // A prefetch made before signing in failed; ask again now.
      const fresh = () => api("/api/reminders/");
      page = await (prefetched ? prefetched.catch(fresh) : fresh());
    } catch (error) {
      status.textContent = error.message;
      return;
    } finally {
      prefetched = null;
    }
    const answeredAt = Date.now();
    const pending = (await askWorker({ type: "outbox" }))?.count || 0;
    status.textContent = [page.offline && t("today.offline"), pending && t("today.waiting", { count: pending })]
      .filter(Boolean)
      .join(" ");
    list.replaceChildren(...page.results.map((reminder) => reminderCard(reminder, answeredAt, load)));
    if (!page.results.length) list.append(h("li", { class: "empty" }, t("today.empty")));
    startTicking(list);
  };
  await load();
}

export async function renderReminder(root, { id }) {
  let reminder;
  try {
    reminder = await api(`/api/reminders/${id}/`);
  } catch (error) {
    root.append(h("p", {}, error.status === 404 ? t("error.not_found") : error.message));
    return;
  }
  const list = h("ul", { class: "cards" }, reminderCard(reminder, Date.now(), () => go("/today")));
  root.append(h("h1", {}, reminder.who), list);
  if (reminder.suggested_text) root.append(h("p", { class: "hint" }, reminder.suggested_text));
  if (reminder.contact) root.append(h("a", { class: "button secondary wide", href: `/contacts/${reminder.contact.id}` }, t("contacts.history")));
  startTicking(list);
}
