// Settings → Sources: the user's own address books (CardDAV), calendars (CalDAV) and
// mailbox (IMAP), added with a preset for the usual providers, each with its last sync
// and its error; which of the account's address books and calendars to follow (all by
// default; calendars.js); sync now or remove. The server checks the connection before it
// keeps a source, and never shows the password again.
import { api, patch, post, remove } from "./api.js";
import { calendarsChoice } from "./calendars.js";
import { formatTime, t } from "./i18n.js";
import { busy, clearErrors, field, formError, h, showErrors, toast } from "./ui.js";

// The address to start from for each provider; the server finds the address book itself.
export const PRESETS = [
  { id: "nextcloud", kind: "carddav", url: "https://cloud.example.com/remote.php/dav/" },
  { id: "icloud", kind: "carddav", url: "https://contacts.icloud.com/" },
  { id: "fastmail", kind: "carddav", url: "https://carddav.fastmail.com/" },
  { id: "radicale", kind: "carddav", url: "https://dav.example.com/" },
  { id: "nextcloud_calendar", kind: "caldav", url: "https://cloud.example.com/remote.php/dav/" },
  { id: "icloud_calendar", kind: "caldav", url: "https://caldav.icloud.com/" },
  { id: "fastmail_calendar", kind: "caldav", url: "https://caldav.fastmail.com/" },
  { id: "radicale_calendar", kind: "caldav", url: "https://dav.example.com/" },
  { id: "fastmail_mail", kind: "imap", url: "imaps://imap.fastmail.com" },
  { id: "google_mail", kind: "imap", url: "imaps://imap.gmail.com" },
  { id: "icloud_mail", kind: "imap", url: "imaps://imap.mail.me.com" },
  { id: "other_mail", kind: "imap", url: "imaps://mail.example.com" },
];
const KINDS = ["carddav", "caldav", "imap"];

function status(source) {
  if (source.failures) return h("small", { class: "error" }, t("sources.failed", { error: source.last_error }));
  if (source.last_sync_at) return h("small", {}, t("sources.synced", { time: formatTime(source.last_sync_at) }));
  return h("small", {}, t("sources.waiting"));
}

function changesText(changes) {
  const parts = Object.entries(changes).filter(([, count]) => count);
  if (!parts.length) return t("sources.nothing_new");
  return parts.map(([key, count]) => t(`sources.changes.${key}`, { count })).join(", ");
}

// A tick per address book of the account; a change is saved at once.
function booksChoice(source) {
  const boxes = source.books.map((book) => h("input", { type: "checkbox", name: "books", value: book.url, checked: book.chosen }));
  const choice = h(
    "fieldset",
    { class: "books" },
    h("legend", {}, t("sources.books")),
    ...source.books.map((book, n) => h("label", { class: "check" }, boxes[n], book.name || book.url)),
    h("p", { class: "hint" }, t("sources.books_hint")),
  );
  choice.addEventListener("change", async () => {
    const books = boxes.filter((box) => box.checked).map((box) => box.value);
    try {
      await patch(`/api/sources/${source.id}/`, { books });
      toast(t("sources.books_saved"));
    } catch (error) {
      toast(error.message);
    }
  });
  return choice;
}

function row(source, reload) {
  const sync = h("button", { type: "button", class: "secondary" }, t("sources.sync_now"));
  sync.addEventListener("click", async () => {
    try {
      const answer = await busy(sync, post(`/api/sources/${source.id}/sync/`));
      toast(changesText(answer.changes));
    } catch (error) {
      toast(error.body ? Object.values(error.body).flat().filter((v) => typeof v === "string").join(" ") : error.message);
    }
    await reload();
  });
  const drop = h("button", { type: "button", class: "secondary" }, t("sources.remove"));
  drop.addEventListener("click", async () => {
    if (!window.confirm(t("sources.remove_confirm"))) return;
    await remove(`/api/sources/${source.id}/`);
    await reload();
  });
  const rename = h("input", { name: "name", maxlength: "100", value: source.name, "aria-label": t("sources.name") });
  rename.addEventListener("change", async () => {
    await patch(`/api/sources/${source.id}/`, { name: rename.value.trim() }).catch((error) => toast(error.message));
  });
  return h(
    "li",
    { class: "row source", "data-kind": source.kind },
    h(
      "span",
      {},
      rename,
      h("small", {}, `${t(`sources.kind.${source.kind}`)} · ${source.username}`),
      status(source),
      ...(source.books && source.books.length ? [booksChoice(source)] : []),
      ...(source.calendars && source.calendars.length ? [calendarsChoice(source)] : []),
    ),
    sync,
    drop,
  );
}

function addForm(reload) {
  const preset = h("select", { name: "preset" }, h("option", { value: "" }, t("sources.preset_choose")), ...PRESETS.map((p) => h("option", { value: p.id }, t(`sources.preset.${p.id}`))));
  const kind = h("select", { name: "kind" }, ...KINDS.map((k) => h("option", { value: k }, t(`sources.kind.${k}`))));
  const url = h("input", { name: "url", required: true, maxlength: "500", inputmode: "url", autocomplete: "off" });
  const username = h("input", { name: "username", required: true, maxlength: "200", autocomplete: "off" });
  const password = h("input", { name: "password", type: "password", required: true, maxlength: "500", autocomplete: "new-password" });
  const name = h("input", { name: "name", maxlength: "100" });
  const hint = h("p", { class: "hint", "aria-live": "polite" });
  preset.addEventListener("change", () => {
    const chosen = PRESETS.find((p) => p.id === preset.value);
    if (!chosen) return;
    kind.value = chosen.kind;
    url.value = chosen.url;
    if (!name.value) name.value = t(`sources.preset.${chosen.id}`);
    hint.textContent = t(`sources.hint.${chosen.id}`);
  });
  const add = h("button", { type: "submit" }, t("sources.add"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    field(t("sources.preset_label"), preset),
    hint,
    field(t("sources.kind_label"), kind),
    field(t("sources.url"), url, t("sources.url_hint")),
    field(t("sources.username"), username),
    field(t("sources.password"), password, t("sources.password_hint")),
    field(t("sources.name"), name),
    formError(),
    add,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { kind: kind.value, url: url.value.trim(), username: username.value.trim(), password: password.value, name: name.value.trim() };
    try {
      await busy(add, post("/api/sources/", body));
      form.reset();
      hint.textContent = "";
      clearErrors(form);
      toast(t("sources.added"));
      await reload();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

export async function sourcesSection() {
  const list = h("ul", { class: "rows sources" });
  const reload = async () => {
    const sources = await api("/api/sources/");
    list.replaceChildren(...(sources.length ? sources.map((source) => row(source, reload)) : [h("li", { class: "hint" }, t("sources.none"))]));
  };
  await reload().catch((error) => list.append(h("li", { class: "hint" }, error.message)));
  // The form is made when opened: until then the page has no second password field.
  const more = h("details", {}, h("summary", {}, t("sources.add")));
  more.addEventListener("toggle", () => {
    if (more.open && !more.querySelector("form")) more.append(addForm(reload));
  });
  return h("section", { class: "stack", id: "sources" }, h("h2", {}, t("sources.title")), h("p", { class: "hint" }, t("sources.intro")), list, more);
}
