"""Every address book of a CardDAV source: the one book a source followed until now
becomes its first SourceBook (with its sync token and ctag, so the next sync reads only
what changed), and its cards are that book's. (The card's book becomes required in
0003: PostgreSQL alters no table with the rows' checks still pending.)"""

import django.db.models.deletion
from django.db import migrations, models


def books_from_sources(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    SourceBook = apps.get_model("sources", "SourceBook")
    SourceCard = apps.get_model("sources", "SourceCard")
    for source in Source.objects.filter(kind="carddav").exclude(collection_url=""):
        book = SourceBook.objects.create(
            source=source,
            url=source.collection_url,
            sync_token=source.sync_token,
            ctag=source.ctag,
        )
        SourceCard.objects.filter(source=source).update(book=book)
    Source.objects.filter(kind="carddav").update(sync_token="", ctag="")


def sources_from_books(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    SourceBook = apps.get_model("sources", "SourceBook")
    for book in SourceBook.objects.order_by("-id"):
        Source.objects.filter(pk=book.source_id).update(sync_token=book.sync_token, ctag=book.ctag)


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SourceBook",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("url", models.CharField(max_length=1000)),
                ("name", models.CharField(blank=True, max_length=200)),
                ("chosen", models.BooleanField(default=True)),
                ("sync_token", models.CharField(blank=True, max_length=1000)),
                ("ctag", models.CharField(blank=True, max_length=1000)),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="books",
                        to="sources.source",
                    ),
                ),
            ],
            options={"ordering": ["name", "url"]},
        ),
        migrations.AddConstraint(
            model_name="sourcebook",
            constraint=models.UniqueConstraint(fields=("source", "url"), name="source_book_unique"),
        ),
        migrations.AddField(
            model_name="sourcecard",
            name="book",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cards",
                to="sources.sourcebook",
            ),
        ),
        migrations.RunPython(books_from_sources, sources_from_books),
    ]
