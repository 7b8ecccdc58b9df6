"""The admin speaks the owner's language: every app, model, field, help text, choice,
column, filter and action of every registered model has its German words."""

from tests.admin_words import admin_words


def test_every_word_of_the_admin_has_its_german():
    words = admin_words()
    untranslated = sorted(f"{word.where}: {word.english}" for word in words if word.untranslated)

    assert len(words) > 300  # the walk over the admin found its models at all
    assert untranslated == []
