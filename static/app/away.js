// Settings for what callers hear: your name and company, away mode (until when, and how
// else to reach you), and the voicemail greetings made from them to copy into the phone.
import { api, patch } from "./api.js";
import { t } from "./i18n.js";
import { session } from "./state.js";
import { busy, clearErrors, field, formError, h, showErrors, toast } from "./ui.js";

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    toast(t("greeting.copied"));
  } catch {
    // No clipboard (an old browser, or no permission): select it for a long-press copy.
    button.previousElementSibling?.querySelector("textarea")?.select();
    toast(t("greeting.copy_by_hand"));
  }
}

/* The two greetings, or nothing when the server has none to give. */
async function greetings() {
  const texts = await api("/api/me/greeting/").catch(() => null);
  if (!texts) return [];
  return ["business", "personal"].map((kind) => {
    const text = h("textarea", { readonly: true, rows: "4", name: `greeting_${kind}` }, texts[kind]);
    const button = h("button", { type: "button", class: "secondary" }, t("greeting.copy"));
    button.addEventListener("click", () => copy(text.value, button));
    return h("div", { class: "stack greeting" }, field(t(`greeting.${kind}`), text), button);
  });
}

export async function awaySection(me) {
  const list = h("div", { class: "stack" }, ...(await greetings()));
  const save = h("button", { type: "submit" }, t("field.save"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    h("h2", {}, t("away.title")),
    field(t("away.display_name"), h("input", { name: "display_name", maxlength: "100", autocomplete: "name", value: me.display_name || "" })),
    field(t("away.company"), h("input", { name: "company", maxlength: "100", autocomplete: "organization", value: me.company || "" })),
    field(t("away.until"), h("input", { name: "away_until", type: "date", value: me.away_until || "" }), t("away.until_hint")),
    field(t("away.contact"), h("input", { name: "away_contact", maxlength: "200", value: me.away_contact || "" }), t("away.contact_hint")),
    formError(),
    save,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      display_name: data.get("display_name").trim(),
      company: data.get("company").trim(),
      away_until: data.get("away_until") || null,
      away_contact: data.get("away_contact").trim(),
    };
    try {
      session.me = await busy(save, patch("/api/me/", body));
      clearErrors(form);
      toast(t("toast.saved"));
      list.replaceChildren(...(await greetings()));
    } catch (error) {
      showErrors(form, error);
    }
  });
  return h("section", { id: "away" }, form, h("h2", {}, t("greeting.title")), h("p", { class: "hint" }, t("greeting.hint")), list);
}
