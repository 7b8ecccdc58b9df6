// The relationship rhythm in the app: on a contact, how often you want to be in touch,
// when you last were, their days, the touches, and "We talked"; in Settings, the digest
// time and the rhythm per relationship.
import { all, patch, post, queuedMessage } from "./api.js";
import { formatDate, formatTime, language, t } from "./i18n.js";
import { session } from "./state.js";
import { busy, field, formError, h, showErrors, toast } from "./ui.js";

export const TOUCH_CHANNELS = ["call", "text", "email", "meeting", "date"];

export function formatDay(iso, { coming = false } = {}) {
  // A day without its year comes as --MM-DD: show it with no year; so is a day coming
  // this year (the next birthday, the last day away): "Dec 9", not "Dec 9, 2026".
  const [year, month, day] = iso.startsWith("--") ? [2000, ...iso.slice(2).split("-")] : iso.split("-");
  const thisYear = coming && Number(year) === new Date().getFullYear();
  const options = iso.startsWith("--") || thisYear ? { day: "numeric", month: thisYear ? "short" : "long" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(language(), { ...options, timeZone: "UTC" }).format(Date.UTC(Number(year), Number(month) - 1, Number(day)));
}

function dateItem(day) {
  const name = day.label || t(`day.${day.kind}`);
  const next = day.next && formatDay(day.next, { coming: true });
  return h(
    "li",
    { class: "row" },
    h("span", {}, `${name} · ${formatDay(day.date)}`),
    h("small", {}, [next && t("rhythm.next_day", { day: next }), day.years && t("rhythm.years", { count: day.years })].filter(Boolean).join(" · ")),
  );
}

function touchItem(touch) {
  const what = t(`touch.${touch.channel}`) + (touch.direction === "in" ? ` · ${t("touch.in")}` : "");
  return h("li", {}, h("time", { datetime: touch.at }, formatTime(touch.at)), " ", what, touch.note && ` — ${touch.note}`);
}

/* The channels to say how you were in touch; a tap logs it (which settles what waited). */
export function touchChoices(contact, done) {
  return h(
    "div",
    { class: "choices-row", role: "group", "aria-label": t("rhythm.how") },
    ...TOUCH_CHANNELS.map((channel) =>
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          "data-channel": channel,
          onclick: async (event) => {
            try {
              const result = await busy(event.currentTarget, post(`/api/contacts/${contact.id}/touches/`, { channel }, { idempotent: true }));
              toast(result?.queued ? queuedMessage(result) : t("rhythm.logged"));
              await done();
            } catch (error) {
              toast(error.message);
            }
          },
        },
        t(`touch.${channel}`),
      ),
    ),
  );
}

/* One tap to say you were in touch: the channel picker opens, a channel logs it. */
function weTalked(contact, done) {
  const picker = touchChoices(contact, done);
  picker.hidden = true;
  const open = h("button", { type: "button", class: "wide", "aria-expanded": "false" }, t("rhythm.we_talked"));
  open.addEventListener("click", () => {
    picker.hidden = !picker.hidden;
    open.setAttribute("aria-expanded", String(!picker.hidden));
  });
  return [open, picker];
}

export async function rhythmSection(contact, reload) {
  const days = contact.rhythm_days;
  const facts = h(
    "dl",
    { class: "facts" },
    h("dt", {}, t("rhythm.every")),
    h("dd", {}, days ? t("rhythm.days", { count: days }) : t("rhythm.none")),
    h("dt", {}, t("rhythm.last")),
    h("dd", {}, contact.last_contacted_at ? formatTime(contact.last_contacted_at) : t("rhythm.never")),
    days && contact.next_touch_due && h("dt", {}, t("rhythm.next")),
    days && contact.next_touch_due && h("dd", { class: "next-due" }, formatDate(contact.next_touch_due)),
  );
  const touches = h("ul", { class: "touches" });
  const section = h(
    "section",
    { class: "rhythm" },
    h("h2", {}, t("rhythm.title")),
    facts,
    ...weTalked(contact, reload),
    contact.dates?.length ? h("h3", {}, t("rhythm.dates")) : null,
    contact.dates?.length ? h("ul", { class: "rows" }, ...contact.dates.map(dateItem)) : null,
    h("h3", {}, t("rhythm.touches")),
    touches,
  );
  try {
    const list = await all(`/api/contacts/${contact.id}/touches/`);
    touches.replaceChildren(...list.map(touchItem));
    if (!list.length) touches.append(h("li", { class: "hint" }, t("rhythm.no_touches")));
  } catch (error) {
    touches.append(h("li", { class: "hint" }, error.message));
  }
  return section;
}

const DIGEST_BY = ["push", "channels", "both"];

/* Settings: when the rhythm's reminders come (one push for several), where (the phones,
 * the other channels, both), and how often to be in touch with everyone of a relationship. */
export function rhythmSettings(me, relationships) {
  const digest = h("input", { type: "time", name: "digest_time", value: me.digest_time || "09:00", required: true });
  const digestBy = h("select", { name: "digest_by" }, ...DIGEST_BY.map((value) => h("option", { value, selected: value === (me.digest_by || "push") }, t(`rhythm.digest_by_${value}`))));
  const rhythms = relationships.map((relationship) =>
    field(
      t(`rel.${relationship}`),
      h("input", { name: `rhythm_${relationship}`, type: "number", min: "1", max: String(me.limits?.rhythm_days_max ?? 730), inputmode: "numeric", value: me.keep_in_touch_defaults?.[relationship] ?? "" }),
    ),
  );
  const save = h("button", { type: "submit" }, t("field.save"));
  const form = h(
    "form",
    { class: "stack", novalidate: true, "data-form": "rhythm" },
    h("h2", {}, t("rhythm.settings")),
    field(t("rhythm.digest_time"), digest, t("rhythm.digest_hint")),
    field(t("rhythm.digest_by"), digestBy, t("rhythm.digest_by_hint")),
    h("fieldset", { class: "windows rhythms" }, h("legend", {}, t("rhythm.defaults")), h("p", { class: "hint" }, t("rhythm.defaults_hint")), ...rhythms),
    formError(),
    save,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const inputs = rhythms.map((row) => row.querySelector("input"));
    const body = {
      digest_time: digest.value,
      digest_by: digestBy.value,
      keep_in_touch_defaults: Object.fromEntries(inputs.map((input) => [input.name.replace("rhythm_", ""), input.value ? Number(input.value) : null])),
    };
    try {
      session.me = await busy(save, patch("/api/me/", body));
      for (const node of form.querySelectorAll(".field-error, .form-error")) node.hidden = true;
      toast(t("toast.saved"));
    } catch (error) {
      // The server names keep_in_touch_defaults as a whole: show it by the fieldset.
      if (error.body?.keep_in_touch_defaults) error.body = { ...error.body, [inputs[0].name]: error.body.keep_in_touch_defaults };
      showErrors(form, error);
    }
  });
  return form;
}
