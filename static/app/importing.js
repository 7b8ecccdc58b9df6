// Import contacts: a vCard or CSV file, chosen here or shared from the phone's Contacts app
// (the manifest's share target; the service worker keeps the shared file), first as a
// preview (the server's dry run), imported only when the user confirms.
import { ApiError, csrfToken } from "./api.js";
import { t } from "./i18n.js";
import { RELATIONSHIPS } from "./contacts.js";
import { go } from "./state.js";
import { busy, field, formError, h, showErrors, toast } from "./ui.js";

// Where the service worker keeps a shared file until the user has decided (static/sw.js).
const SHARE_CACHE = "ringback-share";
const SHARED_FILE = "/import/shared-file";

async function send(file, relationship, dryRun) {
  const body = new FormData();
  body.append("file", file, file.name || "contacts.vcf");
  body.append("relationship", relationship);
  let response;
  try {
    response = await fetch(`/api/contacts/import/${dryRun ? "?dry_run=true" : ""}`, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
  } catch {
    throw new ApiError(0, null);
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    // A file refused as a whole (too large, not contacts) is a 400 on the file field.
    throw new ApiError(response.status, data);
  }
  return data;
}

async function sharedFile() {
  if (!("caches" in window)) return null;
  const cache = await caches.open(SHARE_CACHE);
  const response = await cache.match(SHARED_FILE);
  if (!response) return null;
  const name = decodeURIComponent(response.headers.get("X-Filename") || "contact.vcf");
  return new File([await response.blob()], name, { type: response.headers.get("Content-Type") || "text/vcard" });
}

async function forgetShared() {
  if ("caches" in window) await caches.delete(SHARE_CACHE);
}

function report(result, dryRun) {
  const counts = [
    ["import.created", result.created],
    ["import.updated", result.updated],
    ["import.unchanged", result.unchanged],
    ["import.skipped", result.skipped.length],
  ];
  return h(
    "div",
    { class: "stack import-report", "data-dry-run": String(dryRun) },
    h("h2", {}, t(dryRun ? "import.preview" : "import.done")),
    h("ul", { class: "rows" }, ...counts.map(([key, count]) => h("li", { class: "row", "data-count": key.split(".")[1] }, h("span", {}, t(key, { count })), h("strong", {}, String(count))))),
    cardList(result.cards || []),
  );
}

// Every card by name, with what became of it and each value left out or doubtful.
function cardList(cards) {
  if (!cards.length) return null;
  const doubtful = cards.some((card) => card.problems.length || card.similar || card.result === "skipped");
  return h(
    "details",
    { class: "import-cards", open: doubtful },
    h("summary", {}, t("import.cards")),
    h(
      "ul",
      { class: "rows" },
      ...cards.map((card) =>
        h(
          "li",
          { class: "row", "data-result": card.result },
          h("span", {}, t("import.card", { index: card.index, name: card.name || "—" })),
          h("strong", {}, t(`import.result.${card.result}`)),
          ...card.problems.map((problem) => h("small", {}, problem.value ? `${problem.value}: ${problem.reason}` : problem.reason)),
          card.similar ? h("small", {}, t("import.similar", { name: card.similar })) : null,
        ),
      ),
    ),
  );
}

export async function renderImport(root, { params }) {
  root.append(h("h1", {}, t("import.title")));
  const shared = params.get("shared") ? await sharedFile().catch(() => null) : null;
  const input = h("input", { type: "file", name: "file", accept: ".vcf,.vcard,.csv,text/vcard,text/x-vcard,text/csv" });
  const relationship = h("select", { name: "relationship" }, ...RELATIONSHIPS.map((r) => h("option", { value: r, selected: r === "other" }, t(`rel.${r}`))));
  const previewButton = h("button", { type: "submit" }, t("import.preview_button"));
  const confirm = h("button", { type: "button", hidden: true }, t("import.confirm"));
  const cancel = h("button", { type: "button", class: "secondary", hidden: true }, t("field.cancel"));
  const result = h("div", { "aria-live": "polite" });
  const chosen = h("p", { class: "hint", hidden: !shared }, shared ? t("import.shared", { name: shared.name }) : "");
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    h("p", { class: "hint" }, t("import.intro")),
    chosen,
    shared ? null : field(t("import.file"), input),
    field(t("import.relationship"), relationship, t("import.relationship_hint")),
    formError(),
    previewButton,
  );
  root.append(form, result, h("div", { class: "actions" }, confirm, cancel));
  const file = () => shared || input.files[0];

  const preview = async () => {
    if (!file()) {
      showErrors(form, new ApiError(400, { file: [t("import.choose")] }));
      return;
    }
    confirm.hidden = cancel.hidden = true;
    try {
      const answer = await busy(previewButton, send(file(), relationship.value, true));
      result.replaceChildren(report(answer, true));
      confirm.hidden = cancel.hidden = false;
      confirm.disabled = !(answer.created || answer.updated);
    } catch (error) {
      result.replaceChildren();
      showErrors(form, error);
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    preview();
  });
  input.addEventListener("change", () => {
    result.replaceChildren();
    confirm.hidden = cancel.hidden = true;
  });
  confirm.addEventListener("click", async () => {
    try {
      const answer = await busy(confirm, send(file(), relationship.value, false));
      await forgetShared();
      confirm.hidden = cancel.hidden = true;
      result.replaceChildren(report(answer, false), h("a", { href: "/contacts", class: "button secondary" }, t("import.to_contacts")));
      toast(t("import.toast", { count: answer.created + answer.updated }));
    } catch (error) {
      showErrors(form, error);
    }
  });
  cancel.addEventListener("click", async () => {
    await forgetShared();
    go("/settings");
  });
  if (shared) await preview();
}
