// Notifications for this phone: subscribe with the server's VAPID key, tell the API.
import { api, post, remove } from "./api.js";

// Set while the person wants notifications on this phone: a subscription the browser
// dropped is made again on the next start.
const WANTED = "ringback.push";

export function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/* iOS delivers web push only to an app opened from the home screen. */
export function needsHomeScreen() {
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const standalone = navigator.standalone === true || matchMedia("(display-mode: standalone)").matches;
  return ios && !standalone;
}

function keyBytes(base64url) {
  const base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export async function currentSubscription() {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

export async function subscribe() {
  if ((await Notification.requestPermission()) !== "granted") return null;
  const registration = await navigator.serviceWorker.ready;
  const { public_key: key } = await api("/api/push/config/");
  let subscription = await registration.pushManager.getSubscription();
  const sameKey = subscription && new Uint8Array(subscription.options.applicationServerKey || []).join() === keyBytes(key).join();
  if (subscription && !sameKey) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  await post("/api/push/subscriptions/", subscription.toJSON());
  localStorage.setItem(WANTED, "1");
  return subscription;
}

/* A fresh subscription for this phone, the old one forgotten here and on the server: one
 * tap for a phone that went silent (its push service lost the subscription). */
export async function resubscribe() {
  const old = await currentSubscription();
  if (old) {
    await remove("/api/push/subscriptions/", { endpoint: old.endpoint }).catch(() => {});
    await old.unsubscribe().catch(() => {});
  }
  return subscribe();
}

/* On every start: the server must know the subscription this browser has. A browser
 * that replaced or dropped it (a new endpoint, or none while notifications are allowed
 * and were turned on here) is subscribed again. */
export async function syncSubscription() {
  if (!pushSupported() || Notification.permission !== "granted") return;
  const subscription = await currentSubscription();
  if (!subscription) {
    if (localStorage.getItem(WANTED) === "1") await subscribe();
    return;
  }
  const devices = await api("/api/push/devices/");
  if (!devices.some((device) => device.endpoint === subscription.endpoint)) {
    await post("/api/push/subscriptions/", subscription.toJSON());
  }
}

export async function unsubscribe() {
  const subscription = await currentSubscription();
  if (!subscription) return;
  localStorage.removeItem(WANTED);
  await remove("/api/push/subscriptions/", { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}
