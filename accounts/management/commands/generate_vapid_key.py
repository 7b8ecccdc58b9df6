"""`manage.py generate_vapid_key`: a new VAPID key pair, printed, stored nowhere.

The private key is printed as VAPID_PRIVATE_KEY reads it (one base64url line, fit
for an environment file); the public key is derived from it and only shown, since
the settings derive it too.
"""

from typing import Any

from django.core.management.base import BaseCommand

from project.keys import new_vapid_pem, vapid_private_text, vapid_public_key


class Command(BaseCommand):
    help = "Print a new VAPID private key (for VAPID_PRIVATE_KEY) and its public key."
    # Run with DEBUG=true where production settings lack a key: the checks would only
    # warn about the temporary key that such a process makes for itself.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        pem = new_vapid_pem()
        self.stdout.write(f"VAPID_PRIVATE_KEY={vapid_private_text(pem)}")
        self.stdout.write(f"# public key (browsers get it from the API): {vapid_public_key(pem)}")
        self.stderr.write(
            "Keep the private key secret and stable: replacing it invalidates every "
            "push subscription."
        )
