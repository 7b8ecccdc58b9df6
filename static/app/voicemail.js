// Ringback as the voicemail: the messages callers left on the Twilio number, played in
// the reminder and in the callback session (the server fetches each from Twilio for the
// signed-in owner only), with their transcript and a button to delete the recording.
// Messages from withheld numbers have no reminder: Today lists them on their own.
import { api, remove } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { field, h, toast } from "./ui.js";

/* One message: who and when, the player (or why there is none), the transcript. */
function message(voicemail, reload) {
  const item = h("li", { class: "voicemail", "data-id": voicemail.id });
  const lines = [h("p", { class: "meta" }, `${voicemail.who} · ${formatTime(voicemail.occurred_at)}${voicemail.length ? ` · ${voicemail.length}` : ""}`)];
  if (voicemail.recording) {
    lines.push(
      h("audio", {
        controls: true,
        preload: "none",
        src: voicemail.recording,
        "aria-label": t("voicemail.player", { who: voicemail.who, length: voicemail.length || "" }),
      }),
    );
  } else if (voicemail.deleted) {
    lines.push(h("p", { class: "hint" }, t("voicemail.gone")));
  } else if (voicemail.recording_status === "pending") {
    lines.push(h("p", { class: "hint" }, t("voicemail.pending")));
  } else {
    lines.push(h("p", { class: "hint" }, t("voicemail.absent")));
  }
  if (voicemail.transcript) lines.push(h("p", { class: "reason" }, `${t("voicemail.transcript")}: “${voicemail.transcript}”`));
  if (voicemail.recording) {
    const button = h("button", { type: "button", class: "secondary", "data-action": "delete-recording" }, t("voicemail.delete"));
    button.addEventListener("click", async () => {
      if (!window.confirm(t("voicemail.confirm"))) return;
      button.disabled = true;
      try {
        await remove(`/api/voicemails/${voicemail.id}/recording/`);
        toast(t("voicemail.deleted"));
        await reload();
      } catch (error) {
        button.disabled = false;
        toast(error.message);
      }
    });
    lines.push(button);
  }
  item.append(...lines);
  return item;
}

/* A section listing the messages of `query` (e.g. "reminder=12") that `keep`; hidden
 * when there are none, or when the list cannot be loaded (offline: no player either). */
function section(query, title, keep = () => true) {
  const list = h("ul", { class: "voicemails" });
  const root = h("section", { class: "stack voicemail-section", hidden: true }, h("h2", {}, title), list);
  const load = async () => {
    let page;
    try {
      page = await api(`/api/voicemails/?${query}`);
    } catch {
      return;
    }
    const results = (page?.results || []).filter(keep);
    list.replaceChildren(...results.map((voicemail) => message(voicemail, load)));
    root.hidden = !results.length;
  };
  load();
  return root;
}

/* The messages left for one reminder: its view and the callback session. */
export function reminderVoicemails(reminder) {
  return section(`reminder=${encodeURIComponent(reminder.id)}`, t("voicemail.title"));
}

/* Messages from withheld numbers (no reminder: nobody to call back), for Today. */
export function withheldVoicemails() {
  // Only what can still be heard: a deleted one, or a hang-up, says nothing more.
  return section("withheld=true", t("voicemail.withheld"), (v) => v.recording || v.recording_status === "pending");
}

/* Settings: the URL to give the Twilio number. */
export function voiceUrlField(me) {
  if (!me.twilio_voice_url) return null;
  return field(t("settings.voice_url"), h("input", { readonly: true, value: me.twilio_voice_url, name: "twilio_voice_url" }), t("settings.voice_url_hint"));
}
