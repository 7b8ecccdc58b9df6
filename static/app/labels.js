// A number's label as the person reads it: the labels imports store (mobile, home, work…)
// in the app's language, any other as it was typed; and back, so that "Mobil" typed or
// kept in the form is saved as "mobile" (contacts/labels.py does the same in the admin).
import { t } from "./i18n.js";

const NUMBER_LABELS = ["mobile", "home", "work", "main", "fax", "pager", "other", "iphone", "car", "assistant"];

export function labelShown(label) {
  return NUMBER_LABELS.includes(label) ? t(`label.${label}`) : label || "";
}

export function labelStored(text) {
  const typed = String(text || "").trim().replace(/\s+/g, " ");
  const wanted = typed.toLowerCase();
  return NUMBER_LABELS.find((key) => key === wanted || t(`label.${key}`).toLowerCase() === wanted) || typed;
}

/* The labels to pick from while typing one (an <input list=…>). */
export function labelChoices(id) {
  const list = document.createElement("datalist");
  list.id = id;
  for (const key of NUMBER_LABELS) list.append(new Option(t(`label.${key}`)));
  return list;
}
