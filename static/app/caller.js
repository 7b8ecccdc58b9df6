// "Who called?": a missed call from a number that several contacts share (a household's
// landline) opens one reminder without a person; their names, one tap each, say who it
// was (POST /api/reminders/<id>/caller/). Hooked into the Today card of such a reminder.
import { api, post } from "./api.js";
import { t } from "./i18n.js";
import { h, toast } from "./ui.js";

export function whoCalled(reminder, after) {
  const box = h("div", { class: "choices-row who-called", hidden: true });
  if (reminder.contact || !reminder.number) return box;
  api(`/api/contacts/?search=${encodeURIComponent(reminder.number)}`)
    .then((page) => {
      const people = (page.results || page).filter((contact) => contact.numbers.some((n) => n.number === reminder.number));
      if (people.length < 2) return;
      box.replaceChildren(
        h("span", { class: "meta" }, t("caller.who")),
        ...people.map((person) =>
          h("button", { type: "button", class: "secondary", "data-contact": person.id, onclick: () => pick(reminder, person, after) }, person.name),
        ),
      );
      box.hidden = false;
    })
    .catch(() => {});
  return box;
}

async function pick(reminder, person, after) {
  try {
    await post(`/api/reminders/${reminder.id}/caller/`, { contact: person.id });
    after?.();
  } catch (error) {
    toast(error.message);
  }
}
