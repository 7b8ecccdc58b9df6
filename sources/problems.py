"""What went wrong talking to a source, named the way the person fixing it thinks of it."""

from django.utils.translation import gettext_lazy as _

# The field of the API's 400 that each kind of problem names.
ADDRESS = "url"
TLS = "tls"
CREDENTIALS = "credentials"
COLLECTION = "collection"


class SourceProblem(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def not_allowed() -> SourceProblem:
    return SourceProblem(
        ADDRESS,
        str(
            _(
                "This address is on a private network; the operator allows it only when "
                "SOURCES_PRIVATE_NETWORKS names it."
            )
        ),
    )
