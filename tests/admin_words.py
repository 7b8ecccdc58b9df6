"""The admin's own words — the name of every app, model, field, help text, choice, column,
filter and action its pages show — in English and in German, for the tests that look for
English left in the German admin."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.test import RequestFactory
from django.utils import translation

# Words German writes as English does: names (of languages, messengers, a library) and
# words the two languages share.
SAME_IN_GERMAN = frozenset(
    {
        "admin",
        "automation / api",
        "browser",
        "date",  # a romantic one: German says "Date" too
        "deutsch",
        "english",
        "id",
        "import",
        "name",
        "partner",
        "signal",
        "sms",
        "status",
        "telegram",
        "token",
        "url",
        "whatsapp",
    }
)


@dataclass(frozen=True)
class Word:
    where: str
    english: str
    german: str

    @property
    def untranslated(self) -> bool:
        return self.english == self.german and self.english.lower() not in SAME_IN_GERMAN


def _field(model, path: str):
    """The field a lookup path ("contact__relationship") ends at, or None."""
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def _texts_of_field(where: str, field) -> Iterator[tuple[str, object]]:
    if field.auto_created and not field.concrete:  # a reverse relation: its model's name
        yield where, field.related_model._meta.verbose_name
        return
    yield where, field.verbose_name
    if getattr(field, "help_text", ""):
        yield f"{where} help", field.help_text
    for _value, label in getattr(field, "flatchoices", ()):
        yield f"{where} choice", label


def _form_fields(model_admin, request) -> dict:
    if isinstance(model_admin, InlineModelAdmin):
        return model_admin.get_formset(request).form.base_fields
    return model_admin.get_form(request).base_fields


def _texts_of_names(model_admin, request, names, kind: str) -> Iterator[tuple[str, object]]:
    model = model_admin.model
    form_fields = _form_fields(model_admin, request) if kind == "field" else {}
    for name in names:
        if isinstance(name, (list, tuple)):  # a row of fields, or (field, filter class)
            part = name[:1] if kind == "filter" else name
            yield from _texts_of_names(model_admin, request, part, kind)
            continue
        where = f"{model._meta.label} {kind} {name}"
        if isinstance(name, type) and issubclass(name, SimpleListFilter):
            yield where, name.title
        elif name == "__str__":
            yield where, model._meta.verbose_name
        elif callable(name):
            yield where, getattr(name, "short_description", name.__name__)
        elif kind == "field" and (field := form_fields.get(name)) is not None:
            yield where, field.label or name
            if field.help_text:
                yield f"{where} help", field.help_text
        elif (field := _field(model, name)) is not None:
            yield from _texts_of_field(where, field)
        else:
            described = getattr(model_admin, name, None) or getattr(model, name, None)
            yield where, getattr(described, "short_description", name)


def _texts_of_admin(model_admin, request) -> Iterator[tuple[str, object]]:
    """What the admin's pages of one model show: its names, its app's, its list's columns
    and filters, its actions, its form's fields and sections, and its inlines'."""
    opts = model_admin.model._meta
    yield opts.label, opts.verbose_name
    yield f"{opts.label} (plural)", opts.verbose_name_plural
    yield f"app {opts.app_label}", apps.get_app_config(opts.app_label).verbose_name
    yield from _texts_of_names(
        model_admin, request, model_admin.get_list_display(request), "column"
    )
    yield from _texts_of_names(model_admin, request, model_admin.get_list_filter(request), "filter")
    yield from _texts_of_names(model_admin, request, model_admin.get_fields(request), "field")
    for title, _options in model_admin.get_fieldsets(request):
        if title:
            yield f"{opts.label} section", title
    for _name, (_function, _name_again, description) in model_admin.get_actions(request).items():
        yield f"{opts.label} action", description
    for inline in model_admin.get_inline_instances(request):
        inline_opts = inline.model._meta
        yield inline_opts.label, inline_opts.verbose_name
        yield f"{inline_opts.label} (plural)", inline_opts.verbose_name_plural
        yield from _texts_of_names(inline, request, inline.get_fields(request), "field")


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def _texts_in(language: str) -> list[tuple[str, str]]:
    request = _superuser_request()
    texts = []
    with translation.override(language):
        for model in apps.get_models():
            if admin.site.is_registered(model):
                admin_of_model = admin.site.get_model_admin(model)
                texts += [
                    (where, str(text)) for where, text in _texts_of_admin(admin_of_model, request)
                ]
    return texts


def admin_words() -> list[Word]:
    """Every word of every registered model's admin pages, as English and German say it
    (as a superuser sees them: every column, filter and action). Forms are made in each
    language, as the admin makes them for each request."""
    return [
        Word(where, english, german)
        for (where, english), (_where, german) in zip(_texts_in("en"), _texts_in("de"), strict=True)
        if re.search(r"[^\W\d_]", english)  # words, not the digits of a choice
    ]


def english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The admin's English words that German says otherwise, each as a pattern that finds
    it as a whole word (in any case: Django writes "Reminder ändern" as well as "reminders
    löschen")."""
    words = admin_words()
    german = " ".join(word.german for word in words)
    english = {
        word.english
        for word in words
        if word.english.lower() not in SAME_IN_GERMAN
        # Not a word German writes too, in any case ("Status", "Partner:in", "E-Mail").
        and not re.search(rf"(?<!\w){re.escape(word.english)}(?!\w)", german, re.IGNORECASE)
    }
    return [
        (text, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE))
        for text in sorted(english, key=len, reverse=True)
    ]
