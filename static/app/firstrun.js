// The first run: a new account's Today guides through the three things that make
// Ringback work — contacts, notifications on this phone, and an automation that reports
// missed calls — each ticked once done. Hidden when all are done, or when put away.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { currentSubscription, pushSupported, subscribe } from "./push.js";
import { session } from "./state.js";
import { h, toast } from "./ui.js";

const HIDDEN = "firstrun-hidden";

async function progress() {
  const [contacts, tokens, subscription] = await Promise.all([
    api("/api/contacts/?archived=false"),
    api("/api/tokens/"),
    currentSubscription().catch(() => null),
  ]);
  return {
    contacts: (contacts.count ?? contacts.results.length) > 0,
    notifications: Boolean(subscription),
    automation: (Array.isArray(tokens) ? tokens : tokens.results).length > 0,
  };
}

function step(key, done, ...body) {
  return h(
    "li",
    { class: "step", "data-step": key, "data-done": String(done) },
    h("span", { class: "tick", "aria-hidden": "true" }, done ? "✓" : ""),
    h("div", {}, h("h3", {}, t(`firstrun.${key}`), done && h("span", { class: "visually-hidden" }, ` — ${t("firstrun.done")}`)), ...body),
  );
}

/* The guide's elements for Today, or none. `again` redraws Today. */
export async function firstRunGuide(again) {
  const user = session.user?.username || "";
  if (localStorage.getItem(HIDDEN) === user) return [];
  let done;
  try {
    done = await progress();
  } catch {
    return []; // offline: the guide waits for the network
  }
  if (done.contacts && done.notifications && done.automation) return [];
  const turnOn = h("button", { type: "button", onclick: async () => {
    try {
      await subscribe();
    } catch (error) {
      toast(error.message);
    }
    again();
  } }, t("settings.turn_on"));
  const endpoint = `${location.origin}/api/missed-calls/`;
  const hide = () => {
    localStorage.setItem(HIDDEN, user);
    again();
  };
  return [
    h(
      "section",
      { class: "firstrun", "aria-labelledby": "firstrun-title" },
      h("h2", { id: "firstrun-title" }, t("firstrun.title")),
      h("p", {}, t("firstrun.intro")),
      h(
        "ol",
        { class: "steps" },
        step("contacts", done.contacts, h("p", { class: "hint" }, t("firstrun.contacts_hint")), !done.contacts && h("a", { class: "button secondary", href: "/settings" }, t("firstrun.contacts_go"))),
        step("notifications", done.notifications, h("p", { class: "hint" }, t("firstrun.notifications_hint")), !done.notifications && (pushSupported() ? turnOn : h("p", { class: "hint" }, t("settings.notifications_unsupported")))),
        step(
          "automation",
          done.automation,
          h(
            "ol",
            { class: "hint recipe" },
            h("li", {}, t("firstrun.automation_token")),
            h("li", {}, t("firstrun.automation_trigger")),
            h("li", {}, t("firstrun.automation_send"), " ", h("code", {}, endpoint)),
          ),
          // What the automation app asks for, in its own terms, for whoever wants it.
          h(
            "details",
            { class: "hint recipe-details" },
            h("summary", {}, t("firstrun.automation_details")),
            h(
              "dl",
              { class: "recipe" },
              h("dt", {}, t("firstrun.automation_method")),
              h("dd", {}, h("code", {}, "POST")),
              h("dt", {}, t("firstrun.automation_header")),
              h("dd", {}, h("code", {}, "Authorization: Bearer <token>")),
              h("dt", {}, t("firstrun.automation_body")),
              h("dd", {}, h("code", {}, '{"number": "%CNUM"}')),
            ),
          ),
          !done.automation && h("a", { class: "button secondary", href: "/settings" }, t("firstrun.automation_go")),
        ),
      ),
      h("button", { type: "button", class: "link", onclick: hide }, t("firstrun.hide")),
    ),
  ];
}
