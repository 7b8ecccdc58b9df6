// Settings → Sources, a calendar source: a tick per calendar of the account (all ticked
// by default); a change is saved at once, and the next sync reads only those ticked.
import { patch } from "./api.js";
import { t } from "./i18n.js";
import { h, toast } from "./ui.js";

export function calendarsChoice(source) {
  const boxes = source.calendars.map((calendar) => h("input", { type: "checkbox", name: "calendars", value: calendar.url, checked: calendar.chosen }));
  const choice = h(
    "fieldset",
    { class: "calendars" },
    h("legend", {}, t("sources.calendars")),
    ...source.calendars.map((calendar, n) => h("label", { class: "check" }, boxes[n], calendar.name || calendar.url)),
    h("p", { class: "hint" }, t("sources.calendars_hint")),
  );
  choice.addEventListener("change", async () => {
    const calendars = boxes.filter((box) => box.checked).map((box) => box.value);
    try {
      await patch(`/api/sources/${source.id}/`, { calendars });
      toast(t("sources.calendars_saved"));
    } catch (error) {
      toast(error.message);
    }
  });
  return choice;
}
