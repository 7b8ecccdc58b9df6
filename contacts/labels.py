"""A number's label as a person reads it: the labels imports store (mobile, home, work…)
in the reader's language, any other as it was typed; and back, so that a translated label
typed into the admin is stored as the label it stands for."""

from project.catalogue_labels import NUMBER_LABELS


def label_shown(label: str) -> str:
    word = NUMBER_LABELS.get(label)
    return str(word) if word is not None else label


def label_stored(text: str) -> str:
    """The stored label for what was typed: "Mobil" (in German) or "Mobile" is "mobile"."""
    typed = " ".join(text.split())
    wanted = typed.casefold()
    for key, word in NUMBER_LABELS.items():
        if wanted in (key, str(word).casefold()):
            return key
    return typed
