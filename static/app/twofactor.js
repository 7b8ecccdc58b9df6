// Settings → two-factor sign-in: turn it on with an authenticator app (scan the QR code,
// or open the otpauth link on this phone, then type the first code), get new recovery
// codes, turn it off. The server keeps the secret; this screen shows it once.
import { api, post, remove } from "./api.js";
import { t } from "./i18n.js";
import { busy, field, formError, h, showErrors, toast } from "./ui.js";

function passwordInput() {
  return h("input", { type: "password", name: "password", required: true, autocomplete: "current-password" });
}

function codeInput() {
  return h("input", { name: "code", required: true, autocomplete: "one-time-code", inputmode: "numeric", autocapitalize: "none" });
}

function qrCode(source) {
  return h("div", { class: "qr" }, h("img", { src: source, alt: t("twofactor.qr") }));
}

function recoveryCodes(codes) {
  const text = codes.join("\n");
  const copy = h("button", { type: "button", class: "secondary" }, t("twofactor.copy"));
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast(t("twofactor.copied"));
    } catch {
      toast(t("twofactor.copy_failed"));
    }
  });
  return h(
    "div",
    { class: "stack", "data-recovery-codes": "" },
    h("p", { role: "status" }, t("twofactor.codes_hint")),
    h("ul", { class: "codes" }, ...codes.map((code) => h("li", {}, h("code", {}, code)))),
    copy,
  );
}

/* A button that opens a small form below it; Cancel closes it again. */
function behindButton(label, form, className = "secondary") {
  const open = h("button", { type: "button", class: className }, label);
  const cancel = h("button", { type: "button", class: "secondary" }, t("twofactor.cancel"));
  form.hidden = true;
  form.append(cancel);
  open.addEventListener("click", () => {
    form.hidden = false;
    open.hidden = true;
    form.querySelector("input")?.focus();
  });
  cancel.addEventListener("click", () => {
    form.hidden = true;
    open.hidden = false;
  });
  return h("div", { class: "stack" }, open, form);
}

function turnOnForm(section, redraw) {
  const password = passwordInput();
  const begin = h("button", { type: "submit" }, t("twofactor.next"));
  const form = h("form", { class: "stack", novalidate: true }, field(t("login.password"), password), formError(), begin);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const shown = await busy(begin, post("/api/me/two-factor/", { password: password.value }));
      form.replaceWith(confirmForm(shown, section, redraw));
    } catch (error) {
      showErrors(form, error);
    }
  });
  return behindButton(t("twofactor.turn_on"), form, "");
}

function confirmForm(shown, section, redraw) {
  const code = codeInput();
  const confirm = h("button", { type: "submit" }, t("twofactor.confirm"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    h("p", {}, t("twofactor.scan")),
    qrCode(shown.qr_image),
    h("a", { href: shown.otpauth_url, class: "button secondary" }, t("twofactor.open_app")),
    field(t("twofactor.secret"), h("input", { readonly: true, value: shown.secret, class: "secret", name: "secret" })),
    field(t("twofactor.code"), code, t("twofactor.code_hint")),
    formError(),
    confirm,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await busy(confirm, post("/api/me/two-factor/confirm/", { code: code.value }));
      toast(t("twofactor.turned_on"));
      await redraw();
      section.append(recoveryCodes(answer.recovery_codes));
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

function newCodesForm(section, redraw) {
  const password = passwordInput();
  const submit = h("button", { type: "submit" }, t("twofactor.new_codes"));
  const form = h("form", { class: "stack", novalidate: true }, field(t("login.password"), password), formError(), submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await busy(submit, post("/api/me/two-factor/recovery-codes/", { password: password.value }));
      await redraw();
      section.append(recoveryCodes(answer.recovery_codes));
    } catch (error) {
      showErrors(form, error);
    }
  });
  return behindButton(t("twofactor.new_codes"), form);
}

function turnOffForm(redraw) {
  const password = passwordInput();
  const code = codeInput();
  const submit = h("button", { type: "submit", class: "danger" }, t("twofactor.turn_off"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    field(t("login.password"), password),
    field(t("twofactor.code"), code, t("twofactor.code_or_recovery")),
    formError(),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await busy(submit, remove("/api/me/two-factor/", { password: password.value, code: code.value }));
      toast(t("twofactor.turned_off"));
      await redraw();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return behindButton(t("twofactor.turn_off"), form, "secondary danger");
}

export async function twoFactorSection() {
  const section = h("section", { class: "stack", "data-two-factor": "" });
  const redraw = async () => {
    const state = await api("/api/me/two-factor/");
    section.replaceChildren(
      h("h2", {}, t("twofactor.title")),
      h("p", { role: "status" }, state.enabled ? t("twofactor.on", { count: state.recovery_codes_left }) : t("twofactor.off")),
      ...(state.enabled ? [newCodesForm(section, redraw), turnOffForm(redraw)] : [turnOnForm(section, redraw)]),
    );
  };
  await redraw();
  return section;
}
