// Today: everyone waiting for you, most urgent first, with a live countdown. A card is
// one reminder of any kind: its one primary action is what the etiquette proposes now
// (the reminder's `proposal`, among its `actions`); the rest sits in a quieter row.
import { api, post, queuedMessage } from "./api.js";
import { whoCalled } from "./caller.js";
import { firstRunGuide } from "./firstrun.js";
import { formatDay, touchChoices } from "./rhythm.js";
import { formatTime, quoted, t, timeZone } from "./i18n.js";
import { askWorker, go, session } from "./state.js";
import { theirTime } from "./contactfields.js";
import { openTextSheet, textAttributes } from "./textsheet.js";
import { h, toast } from "./ui.js";
import { reminderVoicemails, withheldVoicemails } from "./voicemail.js";

const URGENT = 15 * 60;
const SOON = 2 * 3600;
// How long Done can be taken back (the server allows a little more: the tap travels).
const UNDO_MS = 8000;
// The kinds that are a call someone is waiting for: the callback session walks these.
const CALLBACK_KINDS = ["callback", "identify", "follow_up"];
let ticker = 0;

/* Open callbacks, most urgent first. */
export function dueCallbacks(reminders) {
  return reminders
    .filter((r) => r.state === "open" && CALLBACK_KINDS.includes(r.kind))
    .sort((a, b) => a.seconds_left - b.seconds_left);
}

function pad(value) {
  return String(value).padStart(2, "0");
}

/* The one countdown format of the app: days and hours, hours and minutes, or minutes. */
export function span(seconds) {
  const d = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return t("span.days", { d, h: hours });
  if (hours) return t("span.hours", { h: hours, m: pad(m) });
  return t("span.minutes", { m: Math.max(1, Math.ceil(seconds / 60)) });
}

export function timeLeft(seconds) {
  return seconds >= 0 ? t("left", { time: span(seconds) }) : t("overdue", { time: span(-seconds) });
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

export function startTicking(root) {
  clearInterval(ticker);
  tick(root);
  ticker = setInterval(() => (root.isConnected ? tick(root) : clearInterval(ticker)), 1000);
}

/* Sends one action on a reminder; the answer (or the queue, offline) is what the toast says. */
export async function act(reminder, action, body, message, after) {
  let result = null;
  try {
    result = await post(`/api/reminders/${reminder.id}/${action}/`, body, { idempotent: true });
    toast(result?.queued ? queuedMessage(result) : message);
  } catch (error) {
    toast(error.message);
  }
  await after();
  return result;
}

async function done(reminder, after) {
  const result = await act(reminder, "done", {}, t("toast.done"), after);
  if (!result || result.queued) return;
  toast(t("toast.done"), {
    duration: UNDO_MS,
    action: t("action.undo"),
    run: async () => {
      try {
        await post(`/api/reminders/${reminder.id}/reopen/`);
        toast(t("toast.reopened"));
      } catch (error) {
        toast(error.status === 409 ? t("toast.undo_late") : error.message);
      }
      await after();
    },
  });
}

/* After a call nobody answered: when are you free? The apology names it and the retry
 * waits for it. */
function freeTimes(now = new Date()) {
  const at = (days, hours) => {
    const moment = new Date(now);
    moment.setDate(moment.getDate() + days);
    moment.setHours(hours, 0, 0, 0);
    return moment;
  };
  const hour = new Date(now.getTime() + 3600 * 1000);
  const evening = at(0, 18);
  const choices = [["free.hour", hour]];
  if (evening > hour) choices.push(["free.evening", evening]);
  choices.push(["free.morning", at(1, 9)]);
  return choices;
}

function localInput(moment) {
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

function failedCall(reminder, outcome, after) {
  const send = (freeFrom) =>
    act(reminder, "attempts", { channel: "call", outcome, ...(freeFrom && { free_from: freeFrom.toISOString() }) }, t(`toast.${outcome}`), after);
  const custom = h("input", { type: "datetime-local", name: "free_from", value: localInput(freeTimes()[0][1]) });
  return h(
    "fieldset",
    { class: "choices-row free" },
    h("legend", {}, t("free.when")),
    ...freeTimes().map(([key, moment]) =>
      h("button", { type: "button", class: "secondary", onclick: () => send(moment) }, h("span", {}, t(key)), h("small", {}, formatTime(moment.toISOString()))),
    ),
    h("div", { class: "free-custom" }, h("label", {}, t("free.at"), custom), h("button", { type: "button", class: "secondary", onclick: () => custom.value && send(new Date(custom.value)) }, t("free.save"))),
    h("button", { type: "button", class: "link", onclick: () => send(null) }, t("free.skip")),
  );
}

/* How a try went, each an attempt the engine knows: reached, (no answer,) voicemail,
 * texted, e-mailed. A call nobody took asks when you are free, shown by `show`. */
export function outcomeChoices(reminder, after, show, { noAnswer = false } = {}) {
  const sent = (channel) => () => act(reminder, "attempts", { channel, outcome: "sent" }, t("toast.done"), after);
  const choice = (key, onclick) => h("button", { type: "button", class: "secondary", onclick }, t(key));
  return h(
    "fieldset",
    { class: "choices-row" },
    h("legend", {}, t("outcome.how")),
    choice("outcome.choice.reached", () => act(reminder, "attempts", { channel: "call", outcome: "reached" }, t("toast.done"), after)),
    noAnswer && choice("action.no_answer", () => show(failedCall(reminder, "no_answer", after))),
    choice("outcome.choice.voicemail", () => show(failedCall(reminder, "voicemail", after))),
    choice("outcome.choice.texted", sent("text")),
    choice("outcome.choice.emailed", sent("email")),
  );
}

/* A moment today or tomorrow at "HH:MM" on this phone's clock. */
function clockTime(hhmm, days, now) {
  const [hours, minutes] = hhmm.split(":").map(Number);
  const moment = new Date(now);
  moment.setDate(moment.getDate() + days);
  moment.setHours(hours, minutes, 0, 0);
  return moment;
}

/* When a snooze may end: tonight (before quiet hours start), tomorrow morning (when they
 * end), or in a while; a time inside the quiet hours moves to their end. */
export function snoozeTimes(now = new Date(), me = session.me) {
  const quietStart = me?.quiet_start?.slice(0, 5);
  const quietEnd = me?.quiet_end?.slice(0, 5) || "08:00";
  let evening = clockTime("19:00", 0, now);
  if (quietStart && quietStart > "12:00" && quietStart <= "19:00") evening = new Date(clockTime(quietStart, 0, now) - 30 * 60000);
  const choices = [["free.hour", new Date(now.getTime() + 3600 * 1000)]];
  if (evening - now >= 90 * 60000) choices.push(["snooze.tonight", evening]);
  choices.push(["snooze.morning", clockTime(quietEnd, 1, now)]);
  return choices;
}

function snoozeChoices(reminder, after) {
  const snooze = (until) => act(reminder, "snooze", { until: until.toISOString() }, t("toast.snoozed"), after);
  const custom = h("input", { type: "datetime-local", name: "snooze_until", value: localInput(snoozeTimes().at(-1)[1]) });
  return h(
    "fieldset",
    { class: "choices-row" },
    h("legend", {}, t("snooze.until")),
    ...snoozeTimes().map(([key, moment]) =>
      h("button", { type: "button", class: "secondary", onclick: () => snooze(moment) }, h("span", {}, t(key)), h("small", {}, formatTime(moment.toISOString()))),
    ),
    h("div", { class: "free-custom" }, h("label", {}, t("free.at"), custom), h("button", { type: "button", class: "secondary", onclick: () => custom.value && snooze(new Date(custom.value)) }, t("free.save"))),
  );
}

/* A card's buttons: one primary, at most two secondary, the rest behind ⋯ (in `panel`). */
function cardActions(primary, secondary, more, panel, reminder) {
  const toggle = (build) => (event) => {
    const open = event.currentTarget.getAttribute("aria-expanded") === "true";
    for (const button of event.currentTarget.parentElement.querySelectorAll("[aria-expanded]")) button.setAttribute("aria-expanded", "false");
    panel.hidden = open;
    if (!open) {
      panel.replaceChildren(...[build((content) => panel.replaceChildren(content))].flat().filter(Boolean));
      event.currentTarget.setAttribute("aria-expanded", "true");
    }
  };
  const buttons = secondary.filter(Boolean).slice(0, 2).map(({ label, run, build }) =>
    h("button", { type: "button", class: "secondary", ...(build ? { "aria-expanded": "false", onclick: toggle(build) } : { onclick: run }) }, label),
  );
  return [
    primary && h("a", { class: "button primary", href: primary.url, "data-action": primary.action, ...textAttributes(reminder, primary) }, primary.title),
    h(
      "div",
      { class: "secondary-actions" },
      ...buttons,
      h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-label": t("action.more"), onclick: toggle(more) }, "⋯"),
    ),
    panel,
  ];
}

/* The proposal's own action (a tel:, sms: or mailto: link with the words filled in);
 * the others are offered under More. */
const CHANNELS = ["call", "text", "email"];

/* The app's short word for a channel; the server's title for anything else. */
function actionTitle(action) {
  return CHANNELS.includes(action.action) ? t(`action.${action.action}`) : action.title;
}

export function primaryAction(reminder) {
  const actions = reminder.actions || [];
  const chosen = actions.find((a) => a.action === reminder.proposal) || actions[0];
  if (chosen) return { ...chosen, title: actionTitle(chosen) };
  if (reminder.call_url) return { action: "call", url: reminder.call_url, title: t("action.call") };
  return null;
}

/* Tries so far, what the etiquette says now and what Ringback does next. */
export function progress(reminder, { always = false } = {}) {
  const parts = [];
  if (reminder.failed_calls) parts.push(t("tries", { count: reminder.failed_calls }));
  if (reminder.proposal && (reminder.failed_calls || always)) parts.push(t("proposal.now", { action: actionTitle({ action: reminder.proposal, title: reminder.proposal }) }));
  if (reminder.coming_step && reminder.coming_step_at && (reminder.failed_calls || always)) {
    parts.push(t("next", { step: t(`step.${reminder.coming_step}`), time: formatTime(reminder.coming_step_at) }));
  }
  return parts.length ? h("p", { class: "meta progress" }, parts.join(" · ")) : null;
}

/* Who they are, in one line: the relationship, or for an unknown number the offer to
 * save it (the number itself is the card's title already). */
function whoLine(reminder) {
  if (reminder.contact) return h("p", { class: "meta" }, t(`rel.${reminder.contact.relationship}`));
  if (!reminder.number) return null;
  const save = `/contacts?new=1&number=${encodeURIComponent(reminder.number)}&reminder=${reminder.id}`;
  return h("p", { class: "meta unknown" }, t("unknown"), " ", h("a", { class: "inline-action", href: save }, t("contacts.save_number")));
}

/* When they called, and how often: "1 call, at 09:12" or "3 calls, the last at 11:40". */
export function calledLine(reminder) {
  if (!reminder.last_call_at || !reminder.call_count) return null;
  return h("p", { class: "meta called" }, t("called", { count: reminder.call_count, time: formatTime(reminder.last_call_at) }));
}

/* One reminder, of any kind. `after` reloads whatever shows it. */
export function reminderCard(reminder, { answeredAt = Date.now(), after, detailed = false }) {
  if (reminder.rhythm) return rhythmCard(reminder, { after, detailed });
  // A reminder without a deadline has no countdown.
  const timed = Number.isFinite(reminder.seconds_left);
  const deadline = answeredAt + reminder.seconds_left * 1000;
  const panel = h("div", { class: "card-panel", hidden: true });
  const primary = primaryAction(reminder);
  const others = (reminder.actions || []).filter((a) => a.action !== primary?.action);
  const more = (show) =>
    h(
      "div",
      { class: "more" },
      others.length ? h("div", { class: "choices-row" }, ...others.map((a) => h("a", { class: "button secondary", href: a.url, "data-action": a.action, ...textAttributes(reminder, a) }, actionTitle(a)))) : null,
      outcomeChoices(reminder, after, show),
      snoozeChoices(reminder, after),
    );
  return h(
    "li",
    { class: "card", "data-id": reminder.id, "data-kind": reminder.kind, "data-urgency": timed ? urgency(reminder.seconds_left) : "calm" },
    // On the reminder's own page its heading names them already: the card does not again.
    h(
      "div",
      { class: "card-head" },
      !detailed && h("h2", {}, h("a", { href: reminder.url || `/reminders/${reminder.id}` }, reminder.who)),
      reminder.overdue && h("span", { class: "badge" }, t("overdue.badge")),
    ),
    whoLine(reminder),
    theirTime(reminder.contact),
    ...togetherLines(reminder),
    calledLine(reminder),
    reminder.kind === "identify" && whoCalled(reminder, after),
    timed && h("p", { class: "left", "data-deadline": deadline }, timeLeft(reminder.seconds_left)),
    reminder.state === "snoozed" && reminder.snoozed_until && h("p", { class: "meta" }, t("snoozed", { time: formatTime(reminder.snoozed_until) })),
    reminder.reason && h("p", { class: "reason" }, quoted(reminder.reason)),
    progress(reminder, { always: detailed }),
    ...cardActions(
      primary,
      [
        { label: t("action.no_answer"), build: () => failedCall(reminder, "no_answer", after) },
        { label: t("action.done"), run: () => done(reminder, after) },
      ],
      more,
      panel,
      reminder,
    ),
  );
}

/* A keep-in-touch, a birthday or the day after a date: what the push said, yellow when
 * due and red when late, the call (or text) first, and "We talked" among the rest. */
function rhythmCard(reminder, { after, detailed = false }) {
  const panel = h("div", { class: "card-panel", hidden: true });
  const { level, title, lines } = reminder.rhythm;
  const primary = primaryAction(reminder);
  const others = (reminder.actions || []).filter((a) => a.action !== primary?.action);
  const more = () => [
    others.length ? h("div", { class: "choices-row" }, ...others.map((a) => h("a", { class: "button secondary", href: a.url, "data-action": a.action, ...textAttributes(reminder, a) }, t(`action.${a.action}`)))) : null,
    snoozeChoices(reminder, after),
  ];
  return h(
    "li",
    { class: "card rhythm-card", "data-id": reminder.id, "data-kind": reminder.kind, "data-level": level },
    h("div", { class: "card-head" }, !detailed && h("h2", {}, h("a", { href: reminder.url || `/reminders/${reminder.id}` }, title)), h("span", { class: "level" }, t(`level.${level}`))),
    ...lines.map((line) => h("p", { class: "meta" }, line)),
    reminder.state === "snoozed" && reminder.snoozed_until && h("p", { class: "meta" }, t("snoozed", { time: formatTime(reminder.snoozed_until) })),
    ...cardActions(
      primary,
      [
        reminder.contact && { label: t("rhythm.we_talked"), build: () => touchChoices(reminder.contact, after) },
        { label: t("action.done"), run: () => done(reminder, after) },
      ],
      more,
      panel,
      reminder,
    ),
  );
}

const TODAY_KINDS = ["occasion", "after_date"];

/* Today's three sections, in order: who is waiting for a call back (most urgent first,
 * as the server sends them), today's days (birthdays, the day after a date) and who to
 * get in touch with, most overdue first. A section with nobody in it is left out. */
export function groupReminders(reminders) {
  const late = (r) => (r.rhythm?.level === "late" ? 0 : 1);
  // One card per person: a birthday (or any rhythm reminder) of someone waiting for a
  // call back rides on that callback's card instead of a card of its own.
  const waiting = new Set(reminders.filter((r) => CALLBACK_KINDS.includes(r.kind) && r.contact).map((r) => r.contact.id));
  const joined = (r) => !CALLBACK_KINDS.includes(r.kind) && r.contact && waiting.has(r.contact.id);
  const callbacks = reminders
    .filter((r) => CALLBACK_KINDS.includes(r.kind))
    .map((r) => ({ ...r, together: r.contact ? reminders.filter((other) => joined(other) && other.contact.id === r.contact.id) : [] }));
  const own = reminders.filter((r) => !joined(r));
  return [
    { key: "callbacks", title: t("section.callback"), reminders: callbacks },
    { key: "today", title: t("section.today"), reminders: own.filter((r) => TODAY_KINDS.includes(r.kind)) },
    {
      key: "keep",
      title: t("section.keep"),
      reminders: own.filter((r) => r.kind === "keep_in_touch").sort((a, b) => late(a) - late(b) || a.seconds_left - b.seconds_left),
    },
  ];
}

/* A birthday or keep-in-touch of the same person, as one line of their callback card:
 * its words link to its own page, where its actions are. */
function togetherLines(reminder) {
  return (reminder.together || []).map((other) =>
    h("p", { class: "meta together", "data-together": other.kind }, h("a", { href: other.url || `/reminders/${other.id}` }, other.rhythm?.title || other.who)),
  );
}

function renderGroups(groups, answeredAt, after) {
  return groups
    .filter((group) => group.reminders.length)
    .flatMap((group) => [
      group.title && h("li", { class: "group-title", "data-section": group.key }, h("h2", {}, group.title)),
      ...group.reminders.map((reminder) => reminderCard(reminder, { answeredAt, after })),
    ])
    .filter(Boolean);
}

let prefetched = null;

/* Start loading the Today list before the session is known, so that opening the app
 * waits for one round trip instead of two; the first render of Today takes it. */
export function prefetchToday() {
  prefetched = api("/api/reminders/");
  prefetched.catch(() => {});
}

/* While away mode is on: a banner saying so, with the way to end it. */
export function awayBanner(me = session.me) {
  if (!me?.away_until) return null;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: timeZone() }).format(new Date());
  if (me.away_until < today) return null;
  return h(
    "p",
    { class: "banner away", role: "status" },
    t("away.banner", { day: formatDay(me.away_until, { coming: true }) }),
    " ",
    h("a", { class: "inline-action", href: "/settings#away" }, t("away.banner_change")),
  );
}

export async function renderToday(root) {
  root.append(h("h1", {}, t("nav.today")));
  const banner = awayBanner();
  if (banner) root.append(banner);
  const status = h("p", { class: "meta", role: "status" });
  const start = h("a", { class: "button wide", href: "/session", hidden: true }, t("session.start"));
  const list = h("ul", { class: "cards" });
  const guide = h("div");
  root.append(
    status,
    start,
    list,
    withheldVoicemails(),
    guide,
    h("a", { class: "button secondary wide", href: "/log" }, t("log.title")),
    h("a", { class: "inline-action", href: "/stats" }, t("stats.title")),
  );
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
    list.replaceChildren(...renderGroups(groupReminders(page.results), answeredAt, load));
    start.hidden = !dueCallbacks(page.results).length;
    guide.replaceChildren(...(await firstRunGuide(load)));
    if (!page.results.length) list.append(h("li", { class: "empty" }, t("today.empty")));
    startTicking(list);
  };
  await load();
}

export async function renderReminder(root, { id, params = new URLSearchParams() }) {
  let reminder;
  try {
    reminder = await api(`/api/reminders/${id}/`);
  } catch (error) {
    root.append(h("p", {}, error.status === 404 ? t("error.not_found") : error.message));
    return;
  }
  const list = h("ul", { class: "cards" }, reminderCard(reminder, { after: () => go("/today"), detailed: true }));
  // The page's one heading says who (a birthday or keep-in-touch: what, naming them);
  // the card below it does not repeat it.
  root.append(h("h1", {}, reminder.rhythm?.title || reminder.who), list, reminderVoicemails(reminder));
  if (reminder.notes) root.append(h("h2", {}, t("session.prepare")), h("p", { class: "notes" }, reminder.notes));
  if (reminder.suggested_text) root.append(h("h2", {}, t("textsheet.title")), h("p", { class: "notes suggested" }, reminder.suggested_text));
  if (reminder.contact) root.append(h("a", { class: "button secondary wide", href: `/contacts/${reminder.contact.id}` }, t("contacts.history")));
  startTicking(list);
  // From a push's Text action whose messenger takes no text (Signal, Telegram): the sheet
  // copies it before the chat opens.
  const text = (reminder.actions || []).find((a) => a.action === "text");
  if (params.get("text") && text) openTextSheet({ url: text.url, text: reminder.suggested_text, channel: reminder.text_channel });
}
