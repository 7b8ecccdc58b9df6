// Settings: notifications on this phone, preferences, automations' tokens, sign-out.
import { api, patch, post, remove } from "./api.js";
import { LANGUAGES, formatTime, setLanguage, t } from "./i18n.js";
import { signOut } from "./auth.js";
import { awaySection } from "./away.js";
import { RELATIONSHIPS } from "./contacts.js";
import { dataSection } from "./account.js";
import { currentSubscription, needsHomeScreen, pushSupported, subscribe, unsubscribe } from "./push.js";
import { go, session } from "./state.js";
import { rhythmSettings } from "./rhythm.js";
import { sourcesSection } from "./sources.js";
import { busy, clearErrors, field, formError, h, showErrors, toast } from "./ui.js";

async function notificationSection() {
  const status = h("p", { role: "status" });
  const toggle = h("button", { type: "button" });
  const section = h("section", { class: "stack" }, h("h2", {}, t("settings.notifications")), status, toggle);
  const error = formError();
  section.append(error);
  const show = async () => {
    const subscribed = Boolean(await currentSubscription().catch(() => null));
    const blocked = pushSupported() && Notification.permission === "denied";
    status.textContent = !pushSupported()
      ? t("settings.notifications_unsupported")
      : blocked
        ? t("settings.notifications_blocked")
        : t(subscribed ? "settings.notifications_on" : "settings.notifications_off");
    toggle.textContent = t(subscribed ? "settings.turn_off" : "settings.turn_on");
    toggle.hidden = !pushSupported() || (blocked && !subscribed);
    toggle.className = subscribed ? "secondary" : "";
    toggle.dataset.subscribed = String(subscribed);
  };
  toggle.addEventListener("click", async () => {
    error.hidden = true;
    try {
      await busy(toggle, toggle.dataset.subscribed === "true" ? unsubscribe() : subscribe());
    } catch (problem) {
      error.textContent = problem.message;
      error.hidden = false;
    }
    await show();
  });
  if (needsHomeScreen()) section.append(h("p", { class: "hint ios" }, t("settings.ios")));
  await show();
  return section;
}

function zoneSelect(current) {
  const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [current, detected];
  const names = [...new Set([current, detected, "UTC", ...zones])].filter(Boolean).sort();
  return h("select", { name: "time_zone" }, ...names.map((zone) => h("option", { value: zone, selected: zone === current }, zone)));
}

function preferencesForm(me) {
  const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const quiet = h("input", { type: "checkbox", name: "quiet", checked: Boolean(me.quiet_start) });
  const start = h("input", { type: "time", name: "quiet_start", value: me.quiet_start || "22:00" });
  const end = h("input", { type: "time", name: "quiet_end", value: me.quiet_end || "07:00" });
  const hours = h("div", { class: "number-row", hidden: !me.quiet_start }, field(t("settings.quiet_start"), start), field(t("settings.quiet_end"), end));
  quiet.addEventListener("change", () => (hours.hidden = !quiet.checked));
  const windows = RELATIONSHIPS.filter((r) => r in (me.default_windows || {})).map((relationship) =>
    field(
      t(`rel.${relationship}`),
      h("input", { name: relationship, type: "number", min: "1", max: String(me.limits?.window_minutes_max ?? ""), inputmode: "numeric", value: me.windows?.[relationship] ?? "", placeholder: String(me.default_windows[relationship]) }),
    ),
  );
  const save = h("button", { type: "submit" }, t("field.save"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    h("h2", {}, t("settings.preferences")),
    field(t("settings.time_zone"), zoneSelect(me.time_zone), t("settings.detected", { zone: detected })),
    field(t("settings.language"), h("select", { name: "language" }, ...Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === me.language }, name)))),
    field(
      t("settings.phone_region"),
      h("input", { name: "phone_region", value: me.phone_region || "", maxlength: "2", autocapitalize: "characters", autocomplete: "country", pattern: "[A-Za-z]{2}" }),
      t("settings.phone_region_hint"),
    ),
    h("label", { class: "check" }, quiet, t("settings.quiet")),
    hours,
    h("fieldset", { class: "windows" }, h("legend", {}, t("settings.windows")), h("p", { class: "hint" }, t("settings.windows_hint")), ...windows),
    formError(),
    save,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      time_zone: data.get("time_zone"),
      language: data.get("language"),
      phone_region: data.get("phone_region").trim().toUpperCase(),
      quiet_start: quiet.checked ? data.get("quiet_start") : null,
      quiet_end: quiet.checked ? data.get("quiet_end") : null,
      windows: Object.fromEntries(windows.map((w) => w.querySelector("input")).map((input) => [input.name, input.value ? Number(input.value) : null])),
    };
    try {
      session.me = await busy(save, patch("/api/me/", body));
      setLanguage(session.me.language);
      toast(t("toast.saved"));
      go("/settings", { replace: true });
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

async function tokensSection() {
  const list = h("ul", { class: "rows" });
  const shown = h("div", { class: "token-once", hidden: true });
  const name = h("input", { name: "name", required: true, maxlength: "100" });
  const create = h("button", { type: "submit" }, t("settings.token_create"));
  const form = h("form", { class: "stack", novalidate: true }, field(t("settings.token_name"), name), formError(), create);
  const load = async () => {
    const data = await api("/api/tokens/");
    const tokens = Array.isArray(data) ? data : data.results;
    list.replaceChildren(
      ...tokens.map((token) =>
        h(
          "li",
          { class: "row" },
          h("span", {}, token.name, h("small", {}, token.last_used_at ? t("settings.token_used", { time: formatTime(token.last_used_at) }) : t("settings.token_unused"))),
          h("button", { type: "button", class: "secondary", onclick: async () => {
            await remove(`/api/tokens/${token.id}/`);
            await load();
          } }, t("settings.token_revoke")),
        ),
      ),
    );
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const token = await busy(create, post("/api/tokens/", { name: name.value.trim() }));
      const value = h("input", { readonly: true, value: token.token, "aria-label": token.name, class: "secret" });
      shown.replaceChildren(h("p", {}, t("settings.token_once")), value);
      shown.hidden = false;
      value.select();
      form.reset();
      clearErrors(form);
      await load();
    } catch (error) {
      showErrors(form, error);
    }
  });
  await load().catch((error) => list.append(h("li", { class: "hint" }, error.message)));
  return h("section", { class: "stack" }, h("h2", {}, t("settings.tokens")), h("p", { class: "hint" }, t("settings.tokens_hint")), shown, list, form);
}

export async function renderSettings(root) {
  root.append(h("h1", {}, t("settings.title")));
  root.append(await notificationSection());
  const me = await api("/api/me/").catch(() => session.me);
  if (me) {
    session.me = me;
    root.append(preferencesForm(me));
    root.append(rhythmSettings(me, RELATIONSHIPS));
    root.append(await awaySection(me));
    if (me.twilio_webhook_url) {
      root.append(field(t("settings.webhook"), h("input", { readonly: true, value: me.twilio_webhook_url })));
    }
  }
  root.append(await sourcesSection());
  root.append(await tokensSection());
  if (me) root.append(dataSection(me));
  root.append(h("button", { type: "button", class: "secondary wide", onclick: () => signOut().catch((error) => toast(error.message)) }, t("settings.logout")));
}
