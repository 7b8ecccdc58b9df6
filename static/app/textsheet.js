// The Text action: a small sheet with the suggested text, editable, before the messenger
// opens. The server chose the channel and built the link (reminders.texts); here only the
// text in it is replaced by the edited one. Signal and Telegram links take no text, so
// Send copies it first and says so.
import { t } from "./i18n.js";
import { h, toast } from "./ui.js";

export const TEXT_CHANNELS = ["sms", "whatsapp", "signal", "telegram"];
const NO_TEXT_IN_LINK = new Set(["signal", "telegram"]);

/* The attributes that make a reminder's Text link open the sheet (none for other actions). */
export function textAttributes(reminder, action) {
  if (action?.action !== "text" || !reminder) return {};
  return { "data-text": reminder.suggested_text || "", "data-channel": reminder.text_channel || "sms" };
}

/* The server's link with `text` as its body (sms: ?&body=, wa.me ?text=). */
export function withText(url, text) {
  const match = url.match(/^(.*?[?&](?:body|text)=)/);
  return match ? match[1] + encodeURIComponent(text) : url;
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function openLink(url) {
  // A messenger's web link opens its app from a new tab; sms: is handed to the phone.
  if (url.startsWith("https:")) window.open(url, "_blank", "noopener");
  else window.location.href = url;
}

export function openTextSheet({ url, text, channel }) {
  const area = h("textarea", { name: "text", rows: "6", "aria-label": t("textsheet.text") });
  area.value = text;
  const via = t(`textchannel.${channel}`);
  const close = () => {
    sheet.close();
    sheet.remove();
  };
  const send = async () => {
    if (NO_TEXT_IN_LINK.has(channel)) {
      const copied = await copy(area.value);
      toast(copied ? t("textsheet.copied_paste", { channel: via }) : t("textsheet.copy_failed"));
    }
    openLink(withText(url, area.value));
    close();
  };
  const sheet = h(
    "dialog",
    { class: "sheet text-sheet", "aria-label": t("textsheet.title") },
    h("h2", {}, t("textsheet.title")),
    h("p", { class: "meta" }, t("textsheet.via", { channel: via })),
    NO_TEXT_IN_LINK.has(channel) && h("p", { class: "hint" }, t("textsheet.no_prefill", { channel: via })),
    area,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", "data-sheet": "send", onclick: send }, t("textsheet.send")),
      h("button", { type: "button", class: "secondary", "data-sheet": "copy", onclick: async () => toast((await copy(area.value)) ? t("textsheet.copied") : t("textsheet.copy_failed")) }, t("textsheet.copy")),
      h("button", { type: "button", class: "secondary", "data-sheet": "cancel", onclick: close }, t("field.cancel")),
    ),
  );
  sheet.addEventListener("cancel", close);
  document.body.append(sheet);
  sheet.showModal();
  area.focus();
}

/* Every Text link with the sheet's attributes opens the sheet instead of the messenger. */
export function installTextSheet() {
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest?.("a[data-action='text'][data-channel]");
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      openTextSheet({ url: link.getAttribute("href"), text: link.dataset.text, channel: link.dataset.channel });
    },
    { capture: true },
  );
}

/* The text channel of a contact ("" = as my default) or the user's default. */
export function textChannelField(current, { optional = false } = {}) {
  const choices = optional ? ["", ...TEXT_CHANNELS] : TEXT_CHANNELS;
  return h(
    "select",
    { name: "text_channel" },
    ...choices.map((value) => h("option", { value, selected: value === (current || "") }, t(value ? `textchannel.${value}` : "textchannel.default"))),
  );
}
