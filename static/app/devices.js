// The phones that get notifications, and the ones that went silent: their push service
// takes our pushes but they show none (iOS drops subscriptions without a word).
import { api, remove } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { currentSubscription, resubscribe } from "./push.js";
import { busy, h, toast } from "./ui.js";

function deviceRow(device, own, reload) {
  const name = t(own ? "devices.this_phone" : "devices.other", { browser: device.browser || "?" });
  const status = device.silent
    ? t("devices.silent", { time: formatTime(device.silent_since) })
    : device.last_receipt_at
      ? t("devices.heard", { time: formatTime(device.last_receipt_at) })
      : t("devices.no_receipt");
  const row = h("li", { class: `row${device.silent ? " silent" : ""}` }, h("span", {}, name, h("small", {}, status)));
  if (device.silent && own) {
    const again = h("button", { type: "button" }, t("devices.resubscribe"));
    again.addEventListener("click", async () => {
      try {
        await busy(again, resubscribe());
        toast(t("devices.resubscribed"));
      } catch (error) {
        toast(error.message);
      }
      await reload();
    });
    row.append(again);
  } else if (!own) {
    const forget = h("button", { type: "button", class: "secondary" }, t("devices.remove"));
    forget.addEventListener("click", async () => {
      await busy(forget, remove("/api/push/subscriptions/", { endpoint: device.endpoint }));
      await reload();
    });
    row.append(forget);
  }
  return row;
}

export async function devicesSection() {
  const list = h("ul", { class: "rows" });
  const hint = h("p", { class: "hint" }, t("devices.hint"));
  const section = h("section", { class: "stack", id: "devices" }, h("h2", {}, t("devices.title")), hint, list);
  const load = async () => {
    const [devices, own] = await Promise.all([api("/api/push/devices/"), currentSubscription().catch(() => null)]);
    list.replaceChildren(...devices.map((device) => deviceRow(device, device.endpoint === own?.endpoint, load)));
    section.hidden = devices.length === 0;
  };
  await load().catch((error) => list.append(h("li", { class: "hint" }, error.message)));
  return section;
}
