// "Merge with…": two contacts who are one person (an import proposes them) become one.
// Pick the other, see both side by side, keep one: it takes the other's numbers,
// e-mail, days, touches and reminders (POST /api/contacts/<id>/merge/).
import { all, api, post } from "./api.js";
import { t } from "./i18n.js";
import { labelShown } from "./labels.js";
import { go } from "./state.js";
import { h, toast } from "./ui.js";

function column(contact) {
  return h(
    "div",
    { class: "stack merge-side", "data-contact": contact.id },
    h("h2", {}, contact.name),
    h("ul", { class: "rows" }, ...contact.numbers.map((n) => h("li", { class: "row" }, h("span", {}, n.display || n.number), h("small", {}, labelShown(n.label))))),
    contact.email && h("p", {}, contact.email),
    h("p", { class: "meta" }, t("merge.days", { count: contact.dates.length })),
  );
}

async function merge(keep, other) {
  try {
    await post(`/api/contacts/${keep.id}/merge/`, { other: other.id });
    toast(t("merge.done", { name: keep.name }));
    go(`/contacts/${keep.id}`, { replace: true });
  } catch (error) {
    toast(error.message);
  }
}

function compare(root, contact, other) {
  root.replaceChildren(
    h("a", { href: `/contacts/${contact.id}`, class: "back" }, `← ${contact.name}`),
    h("h1", {}, t("merge.title")),
    h("div", { class: "merge-pair" }, column(contact), column(other)),
    h("button", { type: "button", class: "primary wide", "data-keep": contact.id, onclick: () => merge(contact, other) }, t("merge.keep", { name: contact.name })),
    h("button", { type: "button", class: "secondary wide", "data-keep": other.id, onclick: () => merge(other, contact) }, t("merge.keep", { name: other.name })),
  );
}

export async function renderMerge(root, id) {
  const contact = await api(`/api/contacts/${id}/`);
  const results = h("ul", { class: "rows" });
  const search = h("input", { type: "search", name: "search", placeholder: t("merge.search"), autocomplete: "off" });
  const show = async () => {
    const found = await all(`/api/contacts/?search=${encodeURIComponent(search.value.trim() || contact.name.split(" ")[0])}`);
    results.replaceChildren(
      ...found
        .filter((other) => other.id !== contact.id)
        .map((other) => h("li", {}, h("button", { type: "button", class: "row", onclick: () => compare(root, contact, other) }, h("span", {}, other.name), h("small", {}, other.numbers.map((n) => n.display || n.number).join(", "))))),
    );
  };
  search.addEventListener("input", show);
  root.append(
    h("a", { href: `/contacts/${id}`, class: "back" }, `← ${contact.name}`),
    h("h1", {}, t("merge.title")),
    h("p", { class: "hint" }, t("merge.intro", { name: contact.name })),
    search,
    results,
  );
  await show();
}
