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
import { devicesSection } from "./devices.js";
import { channelsSection } from "./channels.js";
import { sourcesSection } from "./sources.js";
import { twoFactorSection } from "./twofactor.js";
import { busy, clearErrors, field, formError, h, showErrors, toast } from "./ui.js";
import { voiceUrlField } from "./voicemail.js";
import { textChannelField } from "./textsheet.js";
import { countryField, detectedPlace, zoneField } from "./zones.js";

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

/* A callback window as hours and minutes (the API counts minutes): "24 h 0 min", not
 * "1440". The hours input carries the relationship's name, so its error shows there. */
function windowField(relationship, me) {
  const minutes = me.windows?.[relationship];
  const fallback = me.default_windows[relationship];
  const number = (name, value, placeholder, label) =>
    h("input", { name, type: "number", min: "0", inputmode: "numeric", value: value ?? "", placeholder: String(placeholder), "aria-label": label });
  const hours = number(relationship, minutes == null ? "" : Math.floor(minutes / 60), Math.floor(fallback / 60), null);
  const rest = number(`${relationship}-minutes`, minutes == null ? "" : minutes % 60, fallback % 60, `${t(`rel.${relationship}`)}: ${t("window.minutes")}`);
  const wrapper = field(t(`rel.${relationship}`), hours);
  wrapper.classList.add("window-field");
  hours.after(h("span", { class: "window-pair" }, h("span", {}, t("window.h")), rest, h("span", {}, t("window.min"))));
  return wrapper;
}

function windowMinutes(form, relationship) {
  const hours = form.elements.namedItem(relationship).value;
  const minutes = form.elements.namedItem(`${relationship}-minutes`).value;
  if (hours === "" && minutes === "") return null;
  return Number(hours || 0) * 60 + Number(minutes || 0);
}

function preferencesForm(me) {
  const detected = detectedPlace();
  const quiet = h("input", { type: "checkbox", name: "quiet", checked: Boolean(me.quiet_start) });
  const start = h("input", { type: "time", name: "quiet_start", value: me.quiet_start || "22:00" });
  const end = h("input", { type: "time", name: "quiet_end", value: me.quiet_end || "07:00" });
  const hours = h("div", { class: "number-row", hidden: !me.quiet_start }, field(t("settings.quiet_start"), start), field(t("settings.quiet_end"), end));
  quiet.addEventListener("change", () => (hours.hidden = !quiet.checked));
  const relationships = RELATIONSHIPS.filter((r) => r in (me.default_windows || {}));
  const windows = relationships.map((relationship) => windowField(relationship, me));
  const save = h("button", { type: "submit" }, t("field.save"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    h("h2", {}, t("settings.preferences")),
    zoneField(me.time_zone, { hint: detected && t("settings.detected", { zone: detected }) }),
    field(t("settings.language"), h("select", { name: "language" }, ...Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === me.language }, name)))),
    countryField(me.phone_region),
    field(t("settings.text_channel"), textChannelField(me.text_channel), t("settings.text_channel_hint")),
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
      phone_region: data.get("phone_region"),
      text_channel: data.get("text_channel"),
      quiet_start: quiet.checked ? data.get("quiet_start") : null,
      quiet_end: quiet.checked ? data.get("quiet_end") : null,
      windows: Object.fromEntries(relationships.map((relationship) => [relationship, windowMinutes(form, relationship)])),
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

/* Copies the field's value; the button itself says "Copied." (and a toast), or selects
 * it for a long press where the clipboard is refused. */
function copyButton(input) {
  const button = h("button", { type: "button", class: "secondary", "data-copy": "" }, t("greeting.copy"));
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = t("greeting.copied");
      toast(t("greeting.copied"));
    } catch {
      input.select();
      toast(t("greeting.copy_by_hand"));
    }
  });
  return button;
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
      shown.replaceChildren(h("p", {}, t("settings.token_once")), value, copyButton(value));
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
  root.append(await devicesSection());
  root.append(await channelsSection());
  const me = await api("/api/me/").catch(() => session.me);
  if (me) {
    session.me = me;
    root.append(preferencesForm(me));
    root.append(rhythmSettings(me, RELATIONSHIPS));
    root.append(await awaySection(me));
    // The two addresses to give the Twilio number, together under one heading, each
    // saying where in Twilio's console it goes.
    const twilio = [
      me.twilio_webhook_url && field(t("settings.webhook"), h("input", { readonly: true, value: me.twilio_webhook_url, name: "twilio_webhook_url" }), t("settings.webhook_hint")),
      me.twilio_voice_url && voiceUrlField(me),
    ].filter(Boolean);
    if (twilio.length) root.append(h("section", { class: "stack twilio" }, h("h2", {}, "Twilio"), ...twilio));
  }
  root.append(await sourcesSection());
  root.append(await twoFactorSection());
  root.append(await tokensSection());
  if (me) root.append(dataSection(me));
  root.append(h("button", { type: "button", class: "secondary wide", onclick: () => signOut().catch((error) => toast(error.message)) }, t("settings.logout")));
}
