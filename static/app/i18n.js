// The app's words come from the server's translation catalogue (locale/*/django.po, served
// by project/catalogue.py as /catalogue.js and precached by the service worker), in every
// language at once. The signed-in user's language wins; before sign-in (and offline,
// until the API answers) the phone's language decides.
import CATALOGUE from "/catalogue.js";
import { askWorker, session } from "./state.js";

const STRINGS = CATALOGUE.words;

export const LANGUAGES = CATALOGUE.languages;

let current = pick(localStorage.getItem("language") || navigator.language);

function pick(code) {
  const wanted = String(code || "").toLowerCase();
  return Object.keys(STRINGS).find((known) => known !== "en" && wanted.startsWith(known)) || "en";
}

export function language() {
  return current;
}

export function setLanguage(code) {
  current = pick(code);
  localStorage.setItem("language", current);
  document.documentElement.lang = current;
  // The service worker words its fallback notifications in the same language.
  askWorker({ type: "language", language: current });
  for (const element of document.querySelectorAll("[data-t]")) element.textContent = t(element.dataset.t);
}

export function t(key, params = {}) {
  let template = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  // A plural is [one, other]: English and German both use "one" for exactly 1.
  if (Array.isArray(template)) template = template[params.count === 1 ? 0 : 1];
  return template.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

/* The account's zone, in which the server plans: screen and server never disagree. */
export function timeZone() {
  return session.me?.time_zone || undefined;
}

/* A moment as the screen shows it: the time alone today, the day and time this year
 * ("Dec 5, 6:00 AM"), the year only when it is another one. */
export function formatTime(iso) {
  const moment = new Date(iso);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: timeZone(), dateStyle: "short" });
  const [shown, today] = [day.format(moment), day.format(new Date())];
  const sameYear = shown.slice(0, 4) === today.slice(0, 4);
  const options =
    shown === today
      ? { timeStyle: "short" }
      : sameYear
        ? { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }
        : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(current, { ...options, timeZone: timeZone() }).format(moment);
}

/* The day of a moment, without its time, in the user's time zone: for what is due on a
 * day (the next keep-in-touch), not at an hour. "Jan 3" this year, "Jan 3, 2027" else. */
export function formatDate(iso) {
  const moment = new Date(iso);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: timeZone(), dateStyle: "short" });
  const sameYear = day.format(moment).slice(0, 4) === day.format(new Date()).slice(0, 4);
  const options = sameYear ? { month: "short", day: "numeric" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(current, { ...options, timeZone: timeZone() }).format(moment);
}

/* Quoted words as the language writes them: „…“ in German, “…” in English. */
export function quoted(text) {
  return current === "de" ? `\u201e${text}\u201c` : `\u201c${text}\u201d`;
}
