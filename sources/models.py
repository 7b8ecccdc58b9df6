"""A source of the user's (an address book, a calendar, a mailbox) and what its last
sync saw, so the next one asks only for what changed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    CARDDAV = "carddav", _("Address book (CardDAV)")
    CALDAV = "caldav", _("Calendar (CalDAV)")
    IMAP = "imap", _("Mailbox (IMAP)")


class Source(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("owner"),
    )
    kind = models.CharField(max_length=8, choices=SourceKind.choices, verbose_name=_("kind"))
    name = models.CharField(max_length=100, blank=True, verbose_name=_("name"))
    url = models.CharField(
        max_length=500,
        help_text=_("https://… or, for IMAP, imaps://host[:port]"),
        verbose_name=_("URL"),
    )
    username = models.CharField(max_length=200, verbose_name=_("user name"))
    # The password, sealed with settings.SOURCES_KEY (sources.sealing); never shown.
    sealed_password = models.TextField(editable=False, verbose_name=_("password (encrypted)"))
    # The collection found by discovery, which syncs read: for CardDAV the home set that
    # lists the address books (SourceBook), or the one address book when there is none.
    collection_url = models.CharField(
        max_length=1000, blank=True, editable=False, verbose_name=_("collection")
    )
    # RFC 6578 sync token, or the ctag when the server has no sync-collection, of a
    # source that reads one collection; an address book source keeps them per book.
    sync_token = models.CharField(
        max_length=1000, blank=True, editable=False, verbose_name=_("sync token")
    )
    ctag = models.CharField(
        max_length=1000, blank=True, editable=False, verbose_name=_("change tag")
    )
    # Where a mailbox's sync stopped: {folder: {"uidvalidity": n, "uid": last uid read}}.
    cursor = models.JSONField(default=dict, blank=True, editable=False, verbose_name=_("position"))
    last_sync_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last sync")
    )
    last_error = models.CharField(
        max_length=500, blank=True, editable=False, verbose_name=_("last error")
    )
    failures = models.PositiveSmallIntegerField(
        default=0, editable=False, verbose_name=_("failures")
    )
    next_sync_at = models.DateTimeField(
        null=True, blank=True, editable=False, db_index=True, verbose_name=_("next sync")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["id"]
        # Said, so that Django's checks need not connect to the database to find out
        # (as accounts.models.ActionReplay).
        required_db_features = ["supports_json_field"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} · {self.username}"


class SourceBook(models.Model):
    """An address book of a CardDAV source: followed unless the user unticked it (every
    book is, by default, one made later too), and where its last sync stopped."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="books")
    url = models.CharField(max_length=1000)
    name = models.CharField(max_length=200, blank=True)
    chosen = models.BooleanField(default=True)
    # RFC 6578 sync token and the ctag: equal to the server's, nothing changed.
    sync_token = models.CharField(max_length=1000, blank=True)
    ctag = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = _("address book")
        verbose_name_plural = _("address books")
        ordering = ["name", "url"]
        constraints = [
            models.UniqueConstraint(fields=["source", "url"], name="source_book_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.url


class SourceCard(models.Model):
    """A card of an address book: its address and version, and the contact it became.
    It is known by its book and address, so one UID in two books is two cards."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="cards")
    book = models.ForeignKey(SourceBook, on_delete=models.CASCADE, related_name="cards")
    href = models.CharField(max_length=1000)
    etag = models.CharField(max_length=200, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            models.UniqueConstraint(fields=["book", "href"], name="source_card_unique"),
        ]

    def __str__(self) -> str:
        return self.href


class SourceTouch(models.Model):
    """A touch a source made, by what made it (a message's id and the contact, an event's
    UID and recurrence id): made once however often it is read, taken back with it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="touches")
    key = models.CharField(max_length=400)
    touch = models.ForeignKey(
        "contacts.Touch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("touch from a source")
        verbose_name_plural = _("touches from sources")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="source_touch_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class SourceCalendar(models.Model):
    """A calendar of a CalDAV source: followed unless the user unticked it (every
    calendar is, by default), and where its last sync stopped."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="calendars")
    url = models.CharField(max_length=1000)
    name = models.CharField(max_length=200, blank=True)
    chosen = models.BooleanField(default=True)
    # RFC 6578 sync token: the next sync asks only for what changed after it.
    sync_token = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")
        ordering = ["name", "url"]
        constraints = [
            models.UniqueConstraint(fields=["source", "url"], name="source_calendar_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.url


class SourceEvent(models.Model):
    """An event of a calendar as last read: its address, version and UID (never its title
    or description), and when its next occurrence ends, so the sync after that moment
    reads it again even if nothing changed on the server."""

    calendar = models.ForeignKey(SourceCalendar, on_delete=models.CASCADE, related_name="events")
    href = models.CharField(max_length=1000)
    etag = models.CharField(max_length=200, blank=True)
    uid = models.CharField(max_length=300)
    next_end = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "href"], name="source_event_unique"),
        ]

    def __str__(self) -> str:
        return self.uid
