// Start-up: the service worker, who is signed in, and which screen the address names.
import { csrfToken } from "./api.js";
import { setLanguage, t } from "./i18n.js";
import { renderContacts } from "./contacts.js";
import { renderImport } from "./importing.js";
import { renderLog } from "./log.js";
import { refreshSession, renderLogin, renderSetup } from "./auth.js";
import { prefetchToday, renderReminder, renderToday } from "./today.js";
import { renderSession } from "./session.js";
import { renderSettings } from "./settings.js";
import { syncSubscription } from "./push.js";
import { renderStats } from "./stats.js";
import { askWorker, go, session } from "./state.js";
import { installTextSheet } from "./textsheet.js";
import { toast } from "./ui.js";
import { needsWelcome, renderWelcome } from "./welcome.js";

// Which tab and screen each route shows; the paths come from the server (project/pwa.py).
const SCREENS = {
  home: ["today", renderToday],
  today: ["today", renderToday],
  log: ["log", renderLog],
  contacts: ["contacts", renderContacts],
  contact: ["contacts", renderContacts],
  settings: ["settings", renderSettings],
  import: ["settings", renderImport],
  reminder: ["today", renderReminder],
  session: ["today", renderSession],
  stats: ["today", renderStats],
  login: [null, renderLogin],
  setup: [null, renderSetup],
};
const ROUTES = Object.entries(JSON.parse(document.body.dataset.routes)).map(([name, source]) => [
  new RegExp(source),
  ...SCREENS[name],
]);

const view = document.getElementById("view");
const tabs = document.getElementById("tabs");
async function render() {
  const path = location.pathname;
  const [pattern, tab, screen] = ROUTES.find(([p]) => p.test(path)) || ROUTES[0];
  const signedIn = Boolean(session.user);
  if (!signedIn && tab) {
    // Back to where they were going (e.g. a notification's reminder) after signing in.
    const next = path === "/" ? "" : `?next=${encodeURIComponent(path)}`;
    return go(session.setupRequired ? "/setup" : `/login${next}`, { replace: true });
  }
  if (signedIn && !tab) return go("/today", { replace: true });
  if (!signedIn && path === "/login" && session.setupRequired) return go("/setup", { replace: true });
  if (signedIn && needsWelcome()) {
    // Before any screen: the language and zone every time and text depends on.
    tabs.hidden = true;
    const welcome = document.createElement("div");
    view.replaceChildren(welcome);
    return renderWelcome(welcome, { done: render });
  }
  tabs.hidden = !tab;
  for (const link of tabs.querySelectorAll("a")) {
    if (link.dataset.tab === tab) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const match = pattern.exec(path);
  const screenRoot = document.createElement("div");
  view.replaceChildren(screenRoot);
  await screen(screenRoot, { id: match[1] ? Number(match[1]) : null, params: new URLSearchParams(location.search) });
  view.focus({ preventScroll: true });
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='/']");
  if (!link || link.target || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (link.pathname.startsWith("/admin/") || link.pathname.startsWith("/api/")) return;
  event.preventDefault();
  go(link.pathname + link.search);
});
window.addEventListener("popstate", render);
window.addEventListener("ringback:route", render);

function showNetwork() {
  const badge = document.getElementById("network");
  badge.hidden = navigator.onLine;
  badge.textContent = t("network.offline");
}

/* Send what was done offline. The network often comes back in steps, so what could
 * not go yet is tried again a few times, waiting longer each time. */
async function replayOutbox() {
  for (let wait = 1000; wait <= 16000; wait *= 2) {
    const result = await askWorker({ type: "replay", csrf: csrfToken() });
    if (!result?.count || !navigator.onLine) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

window.addEventListener("online", () => {
  showNetwork();
  replayOutbox();
});
window.addEventListener("offline", showNetwork);
installTextSheet();

if ("serviceWorker" in navigator) {
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register("/sw.js", { scope: "/" });
  // A new version took over: load its shell once, so that no page runs old code.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController) location.reload();
  });
  navigator.serviceWorker.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "navigate") go(message.url);
    if (message.type === "outbox-sent") {
      toast(t("toast.sent"));
      if (/^\/(today)?$/.test(location.pathname)) render();
    }
  });
  navigator.serviceWorker.startMessages();
}

async function start() {
  setLanguage(localStorage.getItem("language") || navigator.language);
  showNetwork();
  if (/^\/(today)?$/.test(location.pathname)) prefetchToday();
  try {
    await refreshSession();
  } catch {
    session.user = null;
  }
  await render();
  if (navigator.onLine) replayOutbox();
  if (session.user && navigator.onLine) syncSubscription().catch(() => {});
}

start();
