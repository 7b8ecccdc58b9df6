// Log a missed call in three taps: the Log tab, a contact (or the typed number), Log.
import { api, post, queuedMessage } from "./api.js";
import { t } from "./i18n.js";
import { go } from "./state.js";
import { busy, field, formError, h, showErrors, toast } from "./ui.js";

const NUMBER = /^[+\d][\d\s()./-]{2,}$/;

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export async function searchContacts(query) {
  const path = query ? `/api/contacts/?search=${encodeURIComponent(query)}` : "/api/contacts/?archived=false";
  const page = await api(path);
  // Starred people first: they are the ones who call.
  return [...page.results].sort((a, b) => Number(b.starred) - Number(a.starred));
}

export function renderLog(root) {
  let chosen = null;
  const search = h("input", { name: "who", type: "search", autocomplete: "off", enterkeyhint: "search" });
  const results = h("ul", { class: "choices", "aria-live": "polite" });
  const picked = h("p", { class: "picked", hidden: true });
  const reason = h("input", { name: "reason", maxlength: "1000" });
  const submit = h("button", { type: "submit", disabled: true }, t("log.submit"));
  const form = h("form", { class: "stack", novalidate: true }, field(t("log.who"), search), results, picked, field(t("log.reason"), reason), formError(), submit);

  const choose = (choice) => {
    chosen = choice;
    picked.hidden = !choice;
    results.hidden = search.parentElement.hidden = Boolean(choice);
    submit.disabled = !choice;
    if (!choice) return search.focus();
    const change = h("button", { type: "button", class: "link", onclick: () => choose(null) }, t("log.change"));
    picked.replaceChildren(h("strong", {}, choice.label), " ", change);
    reason.focus();
  };

  const show = async () => {
    const query = search.value.trim();
    const choices = [];
    let problem = "";
    if (NUMBER.test(query)) {
      choices.push({ contact: null, number: query, label: t("log.use_number", { number: query }) });
    }
    try {
      for (const contact of await searchContacts(query)) {
        const number = contact.numbers[0];
        choices.push({ contact: contact.id, number: number?.number || "", label: contact.name, detail: number?.display || "" });
      }
    } catch (error) {
      problem = error.message;
    }
    const button = (choice) =>
      h("button", { type: "button", class: "choice", onclick: () => choose(choice) }, h("span", {}, choice.label), choice.detail && h("small", {}, choice.detail));
    // A caller who hid their number is logged too; there is nobody to remind you of.
    const withheld = { withheld: true, label: t("log.withheld"), detail: t("log.withheld_detail") };
    results.replaceChildren(
      ...(choices.length
        ? choices.slice(0, 8).map((choice) => h("li", {}, button(choice)))
        : [h("li", { class: "hint" }, problem || t("log.pick"))]),
      h("li", {}, button(withheld)),
    );
  };
  search.addEventListener("input", debounce(show, 200));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!chosen) return;
    // The time of logging, not of sending: offline, the two lie apart.
    const caller = chosen.withheld ? { withheld: true } : { contact: chosen.contact, number: chosen.number };
    const body = {
      ...caller,
      reason: reason.value.trim(),
      occurred_at: new Date().toISOString(),
      client_id: crypto.randomUUID(),
    };
    try {
      const result = await busy(submit, post("/api/missed-calls/", body, { idempotent: true }));
      toast(result?.queued ? queuedMessage(result) : t(chosen.withheld ? "toast.logged_withheld" : "toast.logged"));
      go("/today");
    } catch (error) {
      showErrors(form, error);
    }
  });

  root.append(h("h1", {}, t("log.title")), form);
  search.focus();
  show();
}
