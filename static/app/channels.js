// Other channels: where a callback reminder goes when no phone showed it in time
// (e-mail, ntfy, Telegram, Signal … as Apprise URLs). The URL is never shown again.
import { api, post, remove } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { busy, clearErrors, field, formError, h, showErrors, toast } from "./ui.js";

function status(channel) {
  if (channel.failing_since) return t("channels.failing", { time: formatTime(channel.failing_since), error: channel.last_error });
  return channel.last_sent_at ? t("channels.ok", { time: formatTime(channel.last_sent_at) }) : t("channels.unused");
}

function channelRow(channel, reload) {
  const test = h("button", { type: "button", class: "secondary" }, t("channels.test"));
  test.addEventListener("click", async () => {
    try {
      const answer = await busy(test, post(`/api/channels/${channel.id}/test/`));
      toast(answer.sent ? t("channels.tested") : answer.error);
    } catch (error) {
      toast(error.message);
    }
    await reload();
  });
  const forget = h("button", { type: "button", class: "secondary" }, t("channels.remove"));
  forget.addEventListener("click", async () => {
    await busy(forget, remove(`/api/channels/${channel.id}/`));
    await reload();
  });
  return h(
    "li",
    { class: `row${channel.failing_since ? " failing" : ""}`, "data-channel": String(channel.id) },
    h("span", {}, channel.name, h("small", {}, channel.url_hint), h("small", {}, status(channel))),
    test,
    forget,
  );
}

export async function channelsSection() {
  const list = h("ul", { class: "rows" });
  const name = h("input", { name: "name", required: true, maxlength: "100" });
  const url = h("input", { name: "url", required: true, maxlength: "2000", autocomplete: "off", spellcheck: "false", autocapitalize: "off", class: "secret" });
  const add = h("button", { type: "submit" }, t("channels.add"));
  const form = h("form", { class: "stack", novalidate: true }, field(t("channels.name"), name), field(t("channels.url"), url, t("channels.url_hint")), formError(), add);
  const load = async () => {
    const channels = await api("/api/channels/");
    list.replaceChildren(...channels.map((channel) => channelRow(channel, load)));
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await busy(add, post("/api/channels/", { name: name.value.trim(), url: url.value.trim() }));
      form.reset();
      clearErrors(form);
      await load();
    } catch (error) {
      showErrors(form, error);
    }
  });
  await load().catch((error) => list.append(h("li", { class: "hint" }, error.message)));
  return h("section", { class: "stack", id: "channels" }, h("h2", {}, t("channels.title")), h("p", { class: "hint" }, t("channels.hint")), list, form);
}
