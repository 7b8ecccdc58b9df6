// Asked once, at the first sign-in of an account made in the admin: its language and time
// zone, with what this phone says preselected. Reminders are planned in that zone, and
// every time on the screen is shown in it.
import { patch } from "./api.js";
import { LANGUAGES, setLanguage, t } from "./i18n.js";
import { session } from "./state.js";
import { busy, field, formError, h, showErrors } from "./ui.js";
import { detectedZone, zoneField } from "./zones.js";

function phoneLanguage() {
  const wanted = navigator.language.toLowerCase();
  return Object.keys(LANGUAGES).find((code) => wanted.startsWith(code)) || "en";
}

export function needsWelcome() {
  return Boolean(session.me) && session.me.locale_confirmed === false;
}

export function renderWelcome(root, { done }) {
  const chosen = phoneLanguage();
  setLanguage(chosen);
  const save = h("button", { type: "submit" }, t("welcome.confirm"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    field(t("settings.language"), h("select", { name: "language" }, ...Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === chosen }, name)))),
    zoneField(detectedZone(), { hint: t("settings.detected", { zone: detectedZone() }) }),
    formError(),
    save,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      session.me = await busy(save, patch("/api/me/", { language: data.get("language"), time_zone: data.get("time_zone"), locale_confirmed: true }));
      setLanguage(session.me.language);
      await done();
    } catch (error) {
      showErrors(form, error);
    }
  });
  root.append(h("h1", {}, t("welcome.title")), h("p", {}, t("welcome.intro")), form);
}
