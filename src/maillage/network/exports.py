"""Exports of the directory (CSV, Excel, vCard) and of everything held on one contact.

The CSV and Excel columns carry the import's headers, so an exported file imports back.
Both are written by :mod:`maillage.core.tabular`: a text that a spreadsheet would read as a
formula (=, +, -, @) stays text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from maillage.core.enums import Theme
from maillage.core.tabular import Column, WorkbookWriter, csv_bytes

from .models import Contact
from .references import CONTACT_DATA, data_date

if TYPE_CHECKING:
    from maillage.conventions.models import Convention

COLUMNS = [
    Column("Prénom", 16),
    Column("Nom", 18),
    Column("Fonction", 28),
    Column("Organisation", 32),
    Column("Catégorie", 28),
    Column("Thématiques", 30),
    Column("Adresse électronique", 32),
    Column("Téléphone", 16),
    Column("Notes privées", 40),
    Column("Dernier contact", 14),
]


THEME_ORDER = {value: index for index, value in enumerate(Theme.values)}


def _themes(contact: Contact) -> list[str]:
    """The contact's thématiques, as labels, in the vocabulary's order."""
    themes = sorted(contact.themes.all(), key=lambda t: THEME_ORDER.get(t.theme, 99))
    return [t.get_theme_display() for t in themes]


def _row(contact: Contact, with_notes: bool) -> list[Any]:
    last = getattr(contact, "last_contact", None)
    return [
        contact.first_name,
        contact.last_name,
        contact.function,
        contact.organisation.name if contact.organisation else "",
        contact.get_category_display() if contact.category else "",
        ", ".join(_themes(contact)),
        contact.email,
        contact.phone,
        contact.notes if with_notes else "",
        last.strftime("%d/%m/%Y") if last else "",
    ]


def contacts_csv(contacts: Iterable[Contact], *, with_notes: bool) -> bytes:
    """UTF-8 with BOM and ``;`` separators: what Excel in French opens as columns."""
    rows = (_row(contact, with_notes) for contact in contacts)
    return csv_bytes([c.title for c in COLUMNS], rows)


def contacts_xlsx(contacts: Iterable[Contact], *, with_notes: bool, title: str) -> bytes:
    """One sheet « Contacts », header bold and frozen; every cell is text, never a formula."""
    writer = WorkbookWriter(title=title)
    rows = ([v or None for v in _row(contact, with_notes)] for contact in contacts)
    writer.sheet("Contacts", COLUMNS, rows)
    return writer.to_bytes()


# --------------------------------------------------------------------------- vCard 3.0


def vcard_escape(text: str) -> str:
    """Escape a text value (RFC 2426 §4): backslash, comma, semicolon, line breaks."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def vcard_fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets, never inside a UTF-8 character."""
    parts: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        # continuation lines start with a space, which counts in their length
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def vcard(contact: Contact) -> str:
    """One contact as a vCard 3.0, with CRLF line ends."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{vcard_escape(contact.last_name)};{vcard_escape(contact.first_name)};;;",
        f"FN:{vcard_escape(contact.full_name)}",
    ]
    if contact.organisation:
        lines.append(f"ORG:{vcard_escape(contact.organisation.name)}")
    if contact.function:
        lines.append(f"TITLE:{vcard_escape(contact.function)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{vcard_escape(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{vcard_escape(contact.phone)}")
    categories = _themes(contact)
    if contact.category:
        categories.insert(0, contact.get_category_display())
    if categories:
        lines.append("CATEGORIES:" + ",".join(vcard_escape(c) for c in categories))
    lines.append(f"UID:urn:uuid:{contact.uuid}")
    lines.append("END:VCARD")
    return "".join(vcard_fold(line) + "\r\n" for line in lines)


def contacts_vcf(contacts: Iterable[Contact]) -> bytes:
    """Every contact as vCard 3.0 in one UTF-8 file: Outlook, Thunderbird, phones read it."""
    return "".join(vcard(c) for c in contacts).encode("utf-8")


# --------------------------------------------------------------------------- RGPD


HISTORY_TYPES = {"+": "création", "~": "modification", "-": "suppression"}


def contact_data(contact: Contact, convention: Convention) -> dict[str, Any]:
    """Everything Maillage holds on one contact (right of access, RGPD art. 15).

    Besides the directory's own records, each module that holds records on the contact
    adds its section (``references``): the fiches piloted, the meetings…
    """
    interactions = contact.interactions.select_related("author").prefetch_related(
        "organisations", "contacts"
    )
    history = Contact.history.filter(id=contact.pk).select_related("history_user")
    return {
        "document": "Données personnelles détenues par Maillage sur un contact de l'annuaire",
        "ctg": convention.name,
        "genere_le": data_date(timezone.now()),
        "contact": {
            "prenom": contact.first_name,
            "nom": contact.last_name,
            "fonction": contact.function,
            "organisation": contact.organisation.name if contact.organisation else "",
            "categorie": contact.get_category_display() if contact.category else "",
            "thematiques": _themes(contact),
            "adresse_electronique": contact.email,
            "telephone": contact.phone,
            "notes_privees": contact.notes,
            "cree_le": data_date(contact.created_at),
            "modifie_le": data_date(contact.updated_at),
        },
        "interactions": [
            {
                "date": data_date(i.date),
                "type": i.get_kind_display(),
                "objet": i.subject,
                "notes_privees": i.notes,
                "autres_contacts": [c.full_name for c in i.contacts.all() if c.pk != contact.pk],
                "organisations": [o.name for o in i.organisations.all()],
                "saisi_par": i.author.full_name if i.author else "",
            }
            for i in interactions
        ],
        **{section.key: section.rows(contact) for section in CONTACT_DATA},
        "historique": [
            {
                "date": data_date(h.history_date),
                "type": HISTORY_TYPES.get(h.history_type, h.history_type),
                "par": h.history_user.full_name if h.history_user else "",
                "motif": h.history_change_reason or "",
                "valeurs": {
                    "prenom": h.first_name,
                    "nom": h.last_name,
                    "fonction": h.function,
                    "adresse_electronique": h.email,
                    "telephone": h.phone,
                    "categorie": h.category,
                    "notes_privees": h.notes,
                },
            }
            for h in history.order_by("history_date", "history_id")
        ],
    }


def contact_data_json(contact: Contact, convention: Convention) -> bytes:
    """:func:`contact_data` as indented UTF-8 JSON, readable in any text editor."""
    return json.dumps(contact_data(contact, convention), ensure_ascii=False, indent=2).encode()
