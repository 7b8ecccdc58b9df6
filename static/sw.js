/* Ringback's service worker: the offline shell, the outbox of offline actions, web push.
 *
 * The server prepends `const RINGBACK = {version, shell, precache, fallback}`; the version
 * is a digest of every shell file (and of the translations), so a deploy that changes any
 * of them installs a new worker, which precaches the new shell, takes over at once and
 * deletes the old cache. `fallback` holds, per language, the translation catalogue's
 * words for a notification whose push brought none.
 */
const SHELL_CACHE = `ringback-shell-${RINGBACK.version}`;
const DATA_CACHE = "ringback-data";
// The app's routes, from the server's one list (project/pwa.py).
const APP_ROUTES = RINGBACK.routes.map((source) => new RegExp(source));
const isAppRoute = (path) => APP_ROUTES.some((route) => route.test(path));
// The actions a phone may take offline; the page sends each with an Idempotency-Key.
const QUEUEABLE = /^\/api\/(missed-calls\/|reminders\/\d+\/(done|snooze|dismiss|attempts)\/)$/;
const REMINDER_ACTION = /^\/api\/reminders\/(\d+)\/(done|snooze|dismiss|attempts)\/$/;
// Attempts with these outcomes close the reminder (reached them, or wrote to them).
const CLOSING_OUTCOMES = ["reached", "sent"];
const EXTERNAL = /^(tel|sms|mailto):|^https:\/\/(wa\.me|signal\.me|t\.me)\//;
// Messenger links that cannot carry the text (reminders.texts): a worker cannot copy it
// to the clipboard, so their Text action opens the reminder's text sheet, which does.
const NO_TEXT_IN_LINK = /^https:\/\/(signal\.me|t\.me)\//;
// The manifest's share target (static/manifest.webmanifest): a contact shared from the
// phone's Contacts app arrives here, and waits in this cache for the import screen.
const SHARE_TARGET = "/import/shared";
const SHARE_CACHE = "ringback-share";
const SHARED_FILE = "/import/shared-file";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // Bypass the HTTP cache: the new shell must not be assembled from old files.
      await cache.addAll(RINGBACK.precache.map((url) => new Request(url, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("ringback-shell-") && name !== SHELL_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
      await warmDataCache();
    })(),
  );
});

/* The first visit's requests went out before this worker was in control; fetch what an
 * offline start needs now, so that the app opens offline after a single visit. */
async function warmDataCache() {
  const cache = await caches.open(DATA_CACHE);
  for (const url of ["/api/auth/session/", "/api/me/", "/api/reminders/", "/api/contacts/?archived=false"]) {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) await cache.put(url, response);
    } catch {
      return; // offline already: nothing to warm
    }
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === SHARE_TARGET) {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method === "GET") {
    if (request.mode === "navigate" && isAppRoute(url.pathname)) {
      event.respondWith(fromShellCache(RINGBACK.shell));
    } else if (RINGBACK.precache.includes(url.pathname) && !url.search) {
      event.respondWith(fromShellCache(request));
    } else if (url.pathname.startsWith("/api/") && request.destination !== "audio") {
      // A recording goes straight to the network: a player's Range answer (206) cannot be
      // cached, and a voicemail is not kept on the phone.
      event.respondWith(networkFirst(request, url));
    }
  } else if (
    request.method === "POST" &&
    QUEUEABLE.test(url.pathname) &&
    request.headers.has("Idempotency-Key")
  ) {
    event.respondWith(sendOrQueue(request));
  }
});

/* Chrome posts the shared file (multipart, without a CSRF token, so the API would refuse
 * it). Nothing is imported here: the file is kept, and the import screen shows what it
 * would do and imports only when the user says so. */
async function receiveShare(request) {
  let outcome = "none";
  try {
    const form = await request.formData();
    let file = [...form.values()].find((value) => value instanceof File);
    const text = form.get("text");
    // Some apps share the card as text rather than as a file.
    if (!file && typeof text === "string" && /BEGIN:VCARD/i.test(text)) {
      file = new File([text], "contact.vcf", { type: "text/vcard" });
    }
    if (file) {
      const cache = await caches.open(SHARE_CACHE);
      const headers = { "Content-Type": file.type || "text/vcard", "X-Filename": encodeURIComponent(file.name || "contact.vcf") };
      await cache.put(SHARED_FILE, new Response(file, { headers }));
      outcome = "1";
    }
  } catch {
    outcome = "none";
  }
  return Response.redirect(new URL(`/import?shared=${outcome}`, self.location.origin).href, 303);
}

async function fromShellCache(request) {
  // The shell is the same for every language and user (catalogue.js holds every
  // language): a request with another Accept-Language or cookie must still find it.
  const cached = await caches.match(request, { cacheName: SHELL_CACHE, ignoreVary: true });
  return cached || fetch(request);
}

async function networkFirst(request, url) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    // Searches would fill the cache with one-off answers; the rest is what offline needs.
    if (response.ok && !url.searchParams.has("search")) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Answers vary by cookie and Accept; this cache is the signed-in user's own.
    const cached = await cache.match(request, { ignoreVary: true });
    if (!cached) return Response.error();
    let body = await cached.text();
    if (url.pathname === "/api/reminders/") body = JSON.stringify(withOutbox(JSON.parse(body), await outboxAll()));
    const headers = new Headers(cached.headers);
    headers.set("X-Ringback-Offline", "1");
    return new Response(body, { status: cached.status, headers });
  }
}

/* Today as the phone last saw it, with the actions still waiting in the outbox applied:
 * done or dismissed reminders leave the list (and those an attempt closed), snoozed ones
 * show as snoozed. */
function withOutbox(page, entries) {
  let results = page.results || [];
  const without = (id) => results.filter((item) => item.id !== id);
  for (const entry of entries) {
    const match = REMINDER_ACTION.exec(new URL(entry.url).pathname);
    if (!match) continue;
    const id = Number(match[1]);
    const body = JSON.parse(entry.body || "{}");
    if (match[2] === "attempts") {
      if (CLOSING_OUTCOMES.includes(body.outcome)) results = without(id);
    } else if (match[2] === "snooze") {
      const until = body.until || new Date(entry.queuedAt + (body.minutes || 0) * 60000).toISOString();
      for (const item of results) {
        if (item.id === id) Object.assign(item, { state: "snoozed", snoozed_until: until });
      }
    } else {
      results = without(id);
    }
  }
  page.results = results;
  return page;
}

/* ---- the outbox: offline actions, replayed with the same Idempotency-Key ---- */

let database = null;
let latestCsrf = "";

function openDatabase() {
  database ??= new Promise((resolve, reject) => {
    const request = indexedDB.open("ringback", 2);
    request.onupgradeneeded = () => {
      const names = request.result.objectStoreNames;
      if (!names.contains("outbox")) request.result.createObjectStore("outbox", { keyPath: "key" });
      if (!names.contains("meta")) request.result.createObjectStore("meta");
      // Version 2: the pushes shown (by delivery ids), and receipts waiting for the network.
      if (!names.contains("shown")) request.result.createObjectStore("shown");
      if (!names.contains("receipts")) request.result.createObjectStore("receipts", { autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return database;
}

async function store(name, mode, operation) {
  const db = await openDatabase();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(name, mode);
    const request = operation(transaction.objectStore(name));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
  });
}

async function outboxAll() {
  const entries = await store("outbox", "readonly", (s) => s.getAll());
  return entries.sort((a, b) => a.queuedAt - b.queuedAt);
}

/* The app tells the worker the user's language; until it has, the phone's decides. */
async function fallbackWords() {
  const chosen = (await store("meta", "readonly", (s) => s.get("language")).catch(() => "")) || "";
  const phone = (self.navigator.language || "").toLowerCase().split("-")[0];
  return RINGBACK.fallback[chosen] || RINGBACK.fallback[phone] || RINGBACK.fallback.en;
}

async function rememberCsrf(token) {
  if (!token || token === latestCsrf) return;
  latestCsrf = token;
  await store("meta", "readwrite", (s) => s.put(token, "csrf"));
}

async function csrfToken() {
  if (self.cookieStore) {
    const cookie = await self.cookieStore.get("csrftoken");
    if (cookie) return cookie.value;
  }
  return latestCsrf || (await store("meta", "readonly", (s) => s.get("csrf"))) || "";
}

async function sendOrQueue(request) {
  const entry = {
    key: request.headers.get("Idempotency-Key"),
    url: request.url,
    body: await request.clone().text(),
    csrf: request.headers.get("X-CSRFToken") || "",
    queuedAt: Date.now(),
  };
  await rememberCsrf(entry.csrf);
  let response;
  try {
    response = await fetch(request);
  } catch {
    return queue(entry, false);
  }
  // The server is up but its database or broker is not (503 with Retry-After): nothing
  // was done; keep the action and send it again, with the same key, when it says.
  if (response.status === 503 && response.headers.has("Retry-After")) {
    const seconds = Number(response.headers.get("Retry-After")) || 5;
    setTimeout(replay, Math.min(seconds, 300) * 1000);
    return queue(entry, true);
  }
  replay();
  return response;
}

async function queue(entry, busy) {
  await store("outbox", "readwrite", (s) => s.put(entry));
  await self.registration.sync?.register("outbox").catch(() => {});
  await tellClients({ type: "outbox", count: (await outboxAll()).length });
  return Response.json({ queued: true, busy }, { status: 202, headers: { "X-Ringback-Queued": "1" } });
}

// Passes over the outbox run one after another, and each call gets a pass that starts
// after it was asked for: a pass already under way (say, the browser's sync event while
// the server was still busy) cannot answer for one asked later.
let replaying = Promise.resolve();

function replay() {
  const pass = replaying.then(flushOutbox, flushOutbox);
  replaying = pass.catch(() => {});
  return pass;
}

async function flushOutbox() {
  let sent = 0;
  let rejected = 0;
  for (const entry of await outboxAll()) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: entry.body,
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "Content-Type": "application/json",
          "Idempotency-Key": entry.key,
          "X-CSRFToken": (await csrfToken()) || entry.csrf,
        },
      });
    } catch {
      break; // still offline: keep the rest, in order
    }
    // Signed out, throttled, a server error, or the same action still running on the
    // server (409 with Retry-After: its key is claimed): the action is still wanted, try later.
    const running = response.status === 409 && response.headers.has("Retry-After");
    if ([401, 403, 429].includes(response.status) || response.status >= 500 || running) break;
    // Sent, or refused for good (e.g. 409: already done elsewhere): either way it is over.
    await store("outbox", "readwrite", (s) => s.delete(entry.key));
    if (response.ok) sent += 1;
    else rejected += 1;
  }
  const left = (await outboxAll()).length;
  if (sent || rejected) await tellClients({ type: "outbox-sent", sent, rejected, count: left });
  return { sent, rejected, count: left };
}

async function tellClients(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(replay());
  if (event.tag === "receipts") event.waitUntil(sendReceipts());
});

/* ---- receipts: the server learns which pushes this phone showed, tapped or closed ---- */

// The pushes shown most recently, by their delivery ids: a push sent again (a worker
// that died before recording it) is neither shown nor alerted twice.
const SHOWN_KEPT = 200;

const pushKey = (ids) => ids.join(",");

async function alreadyShown(ids) {
  if (!ids.length) return false;
  return (await store("shown", "readonly", (s) => s.get(pushKey(ids)))) !== undefined;
}

async function rememberShown(ids) {
  if (!ids.length) return;
  await store("shown", "readwrite", (s) => s.put(Date.now(), pushKey(ids)));
  const keys = await store("shown", "readonly", (s) => s.getAllKeys());
  if (keys.length <= SHOWN_KEPT) return;
  const stamps = await store("shown", "readonly", (s) => s.getAll());
  const oldest = keys.map((key, i) => [stamps[i], key]).sort((a, b) => a[0] - b[0]);
  const drop = oldest.slice(0, keys.length - SHOWN_KEPT).map(([, key]) => key);
  await store("shown", "readwrite", (s) => {
    let last;
    for (const key of drop) last = s.delete(key);
    return last;
  });
}

async function postReceipt(receipt) {
  const response = await fetch("/api/push/receipts/", {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": await csrfToken() },
    body: JSON.stringify(receipt),
  });
  // Signed out, throttled, or a server error: kept for later. A 400 will never pass.
  return response.ok || (response.status >= 400 && response.status < 500 && ![401, 403, 429].includes(response.status));
}

async function receipt(ids, event) {
  if (!ids.length) return;
  const entry = { delivery_ids: ids, event, at: new Date().toISOString() };
  let sent = false;
  try {
    sent = await postReceipt(entry);
  } catch {
    sent = false; // offline
  }
  if (sent) {
    await sendReceipts();
    return;
  }
  await store("receipts", "readwrite", (s) => s.add(entry));
  await self.registration.sync?.register("receipts").catch(() => {});
}

let sendingReceipts = null;

/* The receipts queued while offline, oldest first; stops at the first that cannot go. */
function sendReceipts() {
  sendingReceipts ??= (async () => {
    const keys = await store("receipts", "readonly", (s) => s.getAllKeys());
    for (const key of keys) {
      const entry = await store("receipts", "readonly", (s) => s.get(key));
      try {
        if (!(await postReceipt(entry))) break;
      } catch {
        break;
      }
      await store("receipts", "readwrite", (s) => s.delete(key));
    }
    return { left: (await store("receipts", "readonly", (s) => s.count())) };
  })().finally(() => {
    sendingReceipts = null;
  });
  return sendingReceipts;
}

/* ---- push ---- */

function parsePayload(data) {
  if (!data) return {};
  try {
    const value = data.json();
    return value && typeof value === "object" ? value : { body: String(value) };
  } catch {
    return { body: data.text() };
  }
}

function text(value) {
  return typeof value === "string" ? value.trim() : "";
}

/* A path of this app, or "": resolved against our origin the way the browser will open
 * it ("/\evil.example" is "https://evil.example/"), then held to our origin and routes. */
function appPath(value) {
  const path = text(value);
  if (!path.startsWith("/")) return "";
  let url;
  try {
    url = new URL(path, self.location.origin);
  } catch {
    return "";
  }
  if (url.origin !== self.location.origin || !isAppRoute(url.pathname)) return "";
  return url.pathname + url.search + url.hash;
}

/* The notification a payload asks for; anything missing or malformed gets a sensible
 * default, so even an empty push says that someone is waiting. */
function notificationFrom(payload, fallback) {
  const limit = self.Notification?.maxActions || 2;
  const actions = (Array.isArray(payload.actions) ? payload.actions : [])
    .filter((a) => a && ["call", "text", "email"].includes(a.action) && EXTERNAL.test(text(a.url)))
    .slice(0, limit);
  const reminderId = Number.isInteger(payload.reminder_id) ? payload.reminder_id : null;
  const deliveryIds = (Array.isArray(payload.delivery_ids) ? payload.delivery_ids : []).filter(Number.isInteger);
  const url = appPath(payload.url) || (reminderId ? `/reminders/${reminderId}` : "/today");
  const tag = text(payload.tag) || "ringback";
  return {
    title: text(payload.title) || "Ringback",
    options: {
      body: text(payload.body) || fallback.body,
      tag,
      renotify: payload.renotify !== false,
      requireInteraction: payload.require_interaction === true,
      timestamp: Number.isFinite(payload.timestamp) ? payload.timestamp : Date.now(),
      icon: "/static/icons/icon-192.png",
      badge: "/static/icons/badge-96.png",
      actions: actions.map((a) => ({ action: a.action, title: text(a.title) || fallback[a.action] })),
      data: {
        url,
        reminderId,
        step: text(payload.step),
        deliveryIds,
        actions: Object.fromEntries(actions.map((a) => [a.action, text(a.url)])),
      },
    },
  };
}

async function showPush(payload) {
  const { title, options } = notificationFrom(payload, await fallbackWords());
  const ids = options.data.deliveryIds;
  if (await alreadyShown(ids).catch(() => false)) return { repeated: true };
  await self.registration.showNotification(title, options);
  await rememberShown(ids).catch(() => {});
  await receipt(ids, "shown").catch(() => {});
  return { shown: true };
}

self.addEventListener("push", (event) => {
  event.waitUntil(showPush(parsePayload(event.data)));
});

self.addEventListener("notificationclose", (event) => {
  event.waitUntil(receipt(event.notification.data?.deliveryIds || [], "closed").catch(() => {}));
});

/* ---- notification clicks: one function, called by the click and by tests ---- */

async function openFromNotification(action, data) {
  const details = data || {};
  const page = appPath(details.url) || "/today";
  let chosen = (action && details.actions?.[action]) || page;
  if (NO_TEXT_IN_LINK.test(chosen)) chosen = `${page}?text=1`;
  // Only the dialler, the messenger, mail, or a page of this app: never another site.
  const target = EXTERNAL.test(chosen) ? chosen : appPath(chosen) || "/today";
  if (EXTERNAL.test(target)) {
    try {
      await self.clients.openWindow(target);
      return { action, target, opened: "external" };
    } catch (error) {
      // The dialler or messenger could not be opened: show the reminder, one tap away.
      return { action, target, opened: await showInApp(page), error: String(error) };
    }
  }
  return { action, target, opened: await showInApp(target) };
}

async function showInApp(path) {
  const url = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const client = windows.find((w) => w.url === url) || windows[0];
  if (client) {
    client.postMessage({ type: "navigate", url: path });
    // Focusing is allowed during a real click only; the page has navigated either way.
    await client.focus().catch(() => {});
    return "focused";
  }
  await self.clients.openWindow(url);
  return "opened";
}

async function clicked(action, data) {
  const opened = await openFromNotification(action, data);
  await receipt(data?.deliveryIds || [], "clicked").catch(() => {});
  return opened;
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(clicked(event.action, event.notification.data));
});

/* ---- the browser replaced the subscription: subscribe again and tell the API ---- */

function keyBytes(base64url) {
  const base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function resubscribe(oldSubscription, newSubscription) {
  let subscription = newSubscription;
  if (!subscription) {
    const config = await (await fetch("/api/push/config/", { credentials: "same-origin" })).json();
    subscription = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(config.public_key),
    });
  }
  const headers = { "Content-Type": "application/json", "X-CSRFToken": await csrfToken() };
  const send = (method, body) =>
    fetch("/api/push/subscriptions/", { method, headers, credentials: "same-origin", body: JSON.stringify(body) });
  await send("POST", subscription.toJSON());
  if (oldSubscription && oldSubscription.endpoint !== subscription.endpoint) {
    await send("DELETE", { endpoint: oldSubscription.endpoint });
  }
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(resubscribe(event.oldSubscription, event.newSubscription));
});

/* ---- messages from the app (and from tests) ---- */

const HANDLERS = {
  async replay(message) {
    await rememberCsrf(message.csrf);
    sendReceipts().catch(() => {});
    return replay();
  },
  async language(message) {
    if (!RINGBACK.fallback[message.language]) return { error: `unknown language ${message.language}` };
    await store("meta", "readwrite", (s) => s.put(message.language, "language"));
    return { language: message.language };
  },
  async outbox() {
    return { count: (await outboxAll()).length };
  },
  async forget() {
    // Signed out: nothing of this account may stay on the phone.
    await caches.delete(DATA_CACHE);
    await caches.delete(SHARE_CACHE);
    await store("outbox", "readwrite", (s) => s.clear());
    await store("receipts", "readwrite", (s) => s.clear());
    return { forgotten: true };
  },
  async "notification-click"(message) {
    const shown = await self.registration.getNotifications({ tag: message.tag });
    if (!shown.length) return { error: `no notification tagged ${message.tag}` };
    return clicked(message.action || "", shown[0].data);
  },
  async receipts() {
    return sendReceipts();
  },
};

self.addEventListener("message", (event) => {
  const handler = HANDLERS[event.data?.type];
  if (!handler) return;
  const answer = handler(event.data).catch((error) => ({ error: String(error) }));
  event.waitUntil(answer.then((result) => event.ports[0]?.postMessage(result)));
});
