"""A file of contacts, in whichever format, to its entries in file order."""

from contacts.importing.cards import Entry
from contacts.importing.csvfile import read_csv
from contacts.importing.prepass import decode, is_vcard
from contacts.importing.vcard import read_vcards


def read_contacts(data: bytes) -> list[Entry]:
    """The file's entries; csvfile.NotContacts when it is neither vCard nor a known CSV."""
    text = decode(data)
    return read_vcards(data) if is_vcard(text) else read_csv(text)
