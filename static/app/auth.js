// Signing in, the first-run owner account, and knowing who is signed in.
import { api, post } from "./api.js";
import { language, setLanguage, t } from "./i18n.js";
import { askWorker, go, session } from "./state.js";
import { busy, field, formError, h, showErrors } from "./ui.js";

/* After start, sign-in, sign-out or setup: who we are, in which language. */
export async function refreshSession() {
  // Both at once: on a phone each round trip costs more than the work behind it.
  const [state, me] = await Promise.all([
    api("/api/auth/session/"),
    api("/api/me/").catch(() => null),
  ]);
  session.user = state.authenticated ? state.user : null;
  session.setupRequired = Boolean(state.setup_required);
  session.me = session.user ? me : null;
  if (session.me?.language) setLanguage(session.me.language);
  return state;
}

async function signedIn() {
  // A new account on this phone: nothing cached from anyone before may show.
  await askWorker({ type: "forget" });
  await refreshSession();
  const next = new URLSearchParams(location.search).get("next") || "";
  go(/^\/[a-z]/.test(next) ? next : "/today", { replace: true });
}

export async function signOut() {
  await post("/api/auth/logout/");
  await askWorker({ type: "forget" });
  session.user = session.me = null;
  go("/login", { replace: true });
}

function credentials(autocomplete) {
  return [
    field(t("login.username"), h("input", { name: "username", required: true, autocomplete: "username", autocapitalize: "none" })),
    field(t("login.password"), h("input", { name: "password", type: "password", required: true, autocomplete })),
  ];
}

/* After the right password, when the account has two-factor sign-in: the code. */
function codeStep(root) {
  const code = h("input", { name: "code", required: true, autocomplete: "one-time-code", inputmode: "numeric", autocapitalize: "none" });
  const button = h("button", { type: "submit" }, t("login.code_submit"));
  const form = h("form", { class: "stack", novalidate: true, "data-second-factor": "" }, field(t("twofactor.code"), code), formError(), button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await busy(button, post("/api/auth/second-factor/", { code: code.value }));
      await signedIn();
    } catch (error) {
      showErrors(form, error.status === 429 ? { message: t("login.throttled") } : error);
    }
  });
  root.replaceChildren(h("h1", {}, t("login.code_title")), h("p", {}, t("login.code_intro")), form);
  code.focus();
}

export function renderLogin(root) {
  const button = h("button", { type: "submit" }, t("login.submit"));
  const form = h("form", { class: "stack", novalidate: true }, ...credentials("current-password"), formError(), button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      const answer = await busy(button, post("/api/auth/login/", data));
      if (answer.second_factor_required) return codeStep(root);
      await signedIn();
    } catch (error) {
      const message = error.status === 429 ? t("login.throttled") : error.status === 400 ? t("login.failed") : error.message;
      showErrors(form, { message });
    }
  });
  root.append(h("h1", {}, t("login.title")), form);
}

export function renderSetup(root) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const button = h("button", { type: "submit" }, t("setup.submit"));
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    ...credentials("new-password"),
    field(t("setup.password2"), h("input", { name: "password2", type: "password", required: true, autocomplete: "new-password" })),
    h("p", { class: "hint" }, t("settings.detected", { zone })),
    formError(),
    button,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (data.password !== data.password2) return showErrors(form, { message: t("setup.mismatch") });
    try {
      await busy(button, post("/api/auth/setup/", { username: data.username, password: data.password, time_zone: zone, language: language() }));
      await signedIn();
    } catch (error) {
      if (error.status === 403) return refreshSession().then(() => go("/login", { replace: true }));
      showErrors(form, error);
    }
  });
  root.append(h("h1", {}, t("setup.title")), h("p", {}, t("setup.intro")), form);
}
