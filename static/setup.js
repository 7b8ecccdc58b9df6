// Start the owner on their own clock: reminders and quiet hours follow this zone.
const field = document.querySelector('input[name="time_zone"]');
if (field && !field.value) {
  field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
}
