"""The words of the labels that numbers carry (as imports read them from vCard TYPE and
CSV columns, contacts.importing), shown translated in the app and in the admin; a label
a person typed themselves is shown as typed. Part of the app's catalogue
(project.catalogue); contacts.labels uses the same messages in the admin."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

NUMBER_LABELS: dict[str, Promise] = {
    "mobile": pgettext_lazy("label.mobile", "mobile"),
    "home": pgettext_lazy("label.home", "home"),
    "work": pgettext_lazy("label.work", "work"),
    "main": pgettext_lazy("label.main", "main"),
    "fax": pgettext_lazy("label.fax", "fax"),
    "pager": pgettext_lazy("label.pager", "pager"),
    "other": pgettext_lazy("label.other", "other"),
    "iphone": pgettext_lazy("label.iphone", "iPhone"),
    "car": pgettext_lazy("label.car", "car"),
    "assistant": pgettext_lazy("label.assistant", "assistant"),
}
LABEL_STRINGS: dict[str, Promise] = {f"label.{key}": word for key, word in NUMBER_LABELS.items()}
