// Settings → your data: import contacts, export everything, the calendar feed, and
// deleting the account (behind a confirmation with the password).
import { post, remove } from "./api.js";
import { t } from "./i18n.js";
import { askWorker, go, session } from "./state.js";
import { busy, field, formError, h, showErrors, toast } from "./ui.js";

function calendarField(me) {
  const url = h("input", { readonly: true, value: me.calendar_url || "", class: "secret", name: "calendar_url" });
  const rotate = h("button", { type: "button", class: "secondary" }, t("account.calendar_rotate"));
  rotate.addEventListener("click", async () => {
    try {
      const answer = await busy(rotate, post("/api/me/calendar/rotate/"));
      url.value = answer.calendar_url;
      toast(t("account.calendar_rotated"));
    } catch (error) {
      toast(error.message);
    }
  });
  return h("div", { class: "stack" }, field(t("account.calendar"), url, t("account.calendar_hint")), rotate);
}

function deleteForm(me) {
  // Refused anyway (the only owner): said before any password is typed.
  if (me.deletion_refused) return h("div", { class: "stack" }, h("p", { class: "hint", "data-refused": "" }, me.deletion_refused));
  const open = h("button", { type: "button", class: "secondary danger" }, t("account.delete"));
  const password = h("input", { type: "password", name: "password", required: true, autocomplete: "current-password" });
  const confirm = h("button", { type: "submit", class: "danger" }, t("account.delete_confirm"));
  const cancel = h("button", { type: "button", class: "secondary" }, t("field.cancel"));
  const form = h("form", { class: "stack", novalidate: true, hidden: true }, h("p", { role: "alert" }, t("account.delete_warning")), field(t("login.password"), password), formError(), confirm, cancel);
  open.addEventListener("click", () => {
    form.hidden = false;
    open.hidden = true;
    password.focus();
  });
  cancel.addEventListener("click", () => {
    form.reset();
    form.hidden = true;
    open.hidden = false;
    open.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await busy(confirm, remove("/api/me/", { password: password.value }));
      // Nothing of the account may stay on the phone either.
      await askWorker({ type: "forget" });
      session.user = session.me = null;
      toast(t("account.deleted"));
      go("/login", { replace: true });
    } catch (error) {
      showErrors(form, error);
    }
  });
  return h("div", {}, open, form);
}

export function dataSection(me) {
  return h(
    "section",
    { class: "stack" },
    h("h2", {}, t("account.title")),
    h("a", { href: "/import", class: "button secondary" }, t("import.title")),
    h("a", { href: "/api/contacts/export.vcf", download: "ringback-contacts.vcf", class: "button secondary" }, t("account.export_vcard")),
    h("a", { href: "/api/export/", download: "ringback-export.json", class: "button secondary" }, t("account.export_json")),
    me.calendar_url ? calendarField(me) : null,
    deleteForm(me),
  );
}
