"""Contacts from other tools: vCard files (Android, iPhone/macOS, Outlook, Google,
Evolution, Thunderbird) and CSV exports (Google, Outlook), read into `Card`s (pure), then
merged into a user's contacts by contacts.importing.service."""
