"""`manage.py prepare_data_dir`: the data folder, its development keys and folders.

Safe to run any number of times, and by several processes at once: it creates only
what is missing and never replaces a key (see project/keys.py).
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from project.data_dir import data_dir_prepare


class Command(BaseCommand):
    help = (
        "Create DATA_DIR, STATIC_ROOT, the filesystem broker's folders and, in "
        "development, the secret key and VAPID key files; existing ones are kept."
    )
    # The checks would only warn about what this command is about to create.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        created = data_dir_prepare()
        if options["verbosity"] < 1:
            return
        for path in created:
            self.stdout.write(f"Created {path}")
        if not created:
            self.stdout.write(f"{settings.DATA_DIR} is ready; nothing to create.")
