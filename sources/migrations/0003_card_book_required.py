"""A card belongs to an address book; the same address in two books is two cards."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sources", "0002_books")]

    operations = [
        migrations.AlterField(
            model_name="sourcecard",
            name="book",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cards",
                to="sources.sourcebook",
            ),
        ),
        migrations.RemoveConstraint(model_name="sourcecard", name="source_card_unique"),
        migrations.AddConstraint(
            model_name="sourcecard",
            constraint=models.UniqueConstraint(fields=("book", "href"), name="source_card_unique"),
        ),
    ]
