// A few helpers to build the screens from elements, never from HTML strings: user data
// is always text, so nothing a contact's name holds can run as code.
import { ApiError } from "./api.js";
import { t } from "./i18n.js";

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

let toastTimer = 0;

/* A short message above the tabs; with `action` and `run`, a button (e.g. Undo) that
 * stays as long as the message does. */
export function toast(message, { action, run, duration = 4000 } = {}) {
  const box = document.getElementById("toast");
  const hide = () => (box.hidden = true);
  // Without an action only the message: replaceChildren would show `undefined` as text.
  const parts = [h("span", {}, message)];
  if (action) {
    parts.push(h("button", { type: "button", class: "link", onclick: () => {
      hide();
      run();
    } }, action));
  }
  box.replaceChildren(...parts);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(hide, duration);
}

export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  input.setAttribute("aria-describedby", `${id}-error`);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint && h("p", { class: "hint" }, hint), error);
}

/* A 400's messages as (field name, row, text): DRF nests them, e.g.
 * {"windows": {"work": ["…"]}} or {"numbers": [{"number": ["…"]}, {}]}. */
function flatten(name, value, row = 0, parent = "") {
  if (typeof value === "string") return [{ name, row, parent, text: value }];
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === "string")) return [{ name, row, parent, text: value.join(" ") }];
    return value.flatMap((item, index) => flatten(name, item, index, parent));
  }
  if (value && typeof value === "object") {
    // A list's rows may come keyed by their index ({"dates": {"0": {"date": […]}}}).
    return Object.entries(value).flatMap(([key, inner]) => (/^\d+$/.test(key) ? flatten(name, inner, Number(key), parent) : flatten(key, inner, row, name)));
  }
  return [];
}

/* The error line of the input named `name` (the row-th of several, e.g. numbers); a
 * row's field of a list is looked up as "<list>-<field>" first (e.g. "dates-label", as
 * numbers have their own "label"); for a list whose rows are named alike ("numbers" →
 * the "number" inputs), its first row. */
function errorBox(form, name, row, parent = "") {
  let input = (parent && form.elements.namedItem(`${parent}-${name}`)) || form.elements.namedItem(name) || form.elements.namedItem(name.replace(/s$/, ""));
  if (input instanceof RadioNodeList) input = input[row] || input[0];
  const box = input instanceof Element && document.getElementById(`${input.id}-error`);
  return box ? [input, box] : null;
}

/* Shows every message of a 400 at once, each next to its field; what belongs to no
 * field goes to the form's own error line. Never raw JSON. */
export function showErrors(form, error) {
  clearErrors(form);
  const general = form.querySelector(".form-error");
  const messages = error instanceof ApiError && error.status === 400 ? error.body : { detail: error.message };
  const leftover = [];
  for (const { name, row, parent, text } of Object.entries(messages || {}).flatMap(([key, value]) => flatten(key, value))) {
    const found = errorBox(form, name, row, parent);
    if (!found) {
      leftover.push(text);
      continue;
    }
    const [input, box] = found;
    box.textContent = box.hidden ? text : `${box.textContent} ${text}`;
    box.hidden = false;
    input.setAttribute("aria-invalid", "true");
  }
  if (!leftover.length && !form.querySelector(".field-error:not([hidden])")) {
    leftover.push(t("error.generic"));
  }
  general.textContent = leftover.join(" ");
  general.hidden = !leftover.length;
  form.querySelector("[aria-invalid]")?.focus();
}

/* After a success: no old error stays. */
export function clearErrors(form) {
  for (const node of form.querySelectorAll(".field-error, .form-error")) node.hidden = true;
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

export function formError() {
  return h("p", { class: "form-error", role: "alert", hidden: true });
}

export function busy(button, promise) {
  button.disabled = true;
  return promise.finally(() => (button.disabled = false));
}
