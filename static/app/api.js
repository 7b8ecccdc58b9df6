// The REST API, as the app uses it: JSON in and out, Django's CSRF header on writes, and
// an Idempotency-Key on every action the service worker may queue and replay offline.
import { t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || (status ? t("error.generic") : t("error.offline")));
    this.status = status;
    this.body = body || {};
  }
}

export function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
}

/* Returns the decoded JSON (null for 204). An action the service worker queued while
 * offline answers {queued: true}; `offline` is true when the answer came from its cache. */
export async function api(path, { method = "GET", body, idempotent = false } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotent) headers["Idempotency-Key"] = crypto.randomUUID();
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  if (response.headers.get("X-Ringback-Offline")) return { ...data, offline: true };
  return data;
}

/* What to say of an action the service worker kept: offline, or the server busy (503). */
export const queuedMessage = (result) => t(result.busy ? "toast.busy" : "toast.queued");

export const post = (path, body = {}, options = {}) => api(path, { method: "POST", body, ...options });
export const patch = (path, body) => api(path, { method: "PATCH", body });
export const remove = (path, body) => api(path, { method: "DELETE", body });

/* Every page of a paginated list (the lists here are a person's own, so short). */
export async function all(path) {
  const items = [];
  let next = path;
  while (next) {
    const page = await api(next);
    if (Array.isArray(page)) return page;
    items.push(...page.results);
    next = page.next ? new URL(page.next, location.origin).href : null;
  }
  return items;
}
