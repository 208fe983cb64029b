"""The Caf de la Savoie, its CTGs and the fictitious people who log in."""

from __future__ import annotations

from maillage.core.enums import Theme

# Every demo account's password (a password changed by hand is kept on a second run).
DEMO_PASSWORD = "Savoie-demo-2026"

DEPARTEMENT = "73"
CAF_NAME = "Caf de la Savoie"
CAF_MAILBOX = "actionsociale-partenaires@caf73.example.org"

# (e-mail, full name)
CAF_ADMIN = ("admin.caf73@example.org", "Hélène Jacquier")
PLATFORM_ADMIN = ("admin@example.org", "Administrateur plateforme")

# The partners every CTG has besides its EPCI and the Caf.
CONSEIL_DEPARTEMENTAL = "Conseil départemental de la Savoie"
MSA = "MSA Alpes du Nord"

# (start, end, signed_on or None, renewal_in_progress) — varied periods 2022–2029.
PERIODS = [
    ((2022, 1, 1), (2026, 12, 31), (2022, 3, 15), True),
    ((2023, 1, 1), (2027, 12, 31), (2023, 2, 10), False),
    ((2024, 1, 1), (2028, 12, 31), (2024, 1, 25), False),
    ((2025, 1, 1), (2029, 12, 31), (2025, 4, 3), False),
    ((2022, 1, 1), (2025, 12, 31), (2022, 5, 20), False),
    ((2027, 1, 1), (2031, 12, 31), None, False),
    ((2027, 1, 1), (2030, 12, 31), (2026, 10, 14), False),
]

THEMES = [
    [Theme.PETITE_ENFANCE, Theme.ENFANCE_JEUNESSE, Theme.PARENTALITE, Theme.AVS],
    [Theme.PETITE_ENFANCE, Theme.PARENTALITE, Theme.ACCES_AUX_DROITS],
    [Theme.ENFANCE_JEUNESSE, Theme.AVS, Theme.LOGEMENT],
    [Theme.PETITE_ENFANCE, Theme.ENFANCE_JEUNESSE, Theme.HANDICAP],
]

CDT_NAMES = [
    "Camille Arnaud",
    "Sophie Berthier",
    "Julien Carrel",
    "Nadia Dumas",
    "Pauline Estève",
    "Thomas Favre",
]
CONSEILLERS = [
    ("conseiller.parentalite@example.org", "Morgane Girard", Theme.PARENTALITE),
    ("conseiller.petite-enfance@example.org", "Laure Hugon", Theme.PETITE_ENFANCE),
    ("conseiller.enfance-jeunesse@example.org", "Gaël Imbert", Theme.ENFANCE_JEUNESSE),
]

# The roles of a detailed CTG's team; each person logs in as ``{role}.{slug}@example.org``.
ROLES = ("cdc", "elu", "technicien", "partenaire")

# Three CTGs with their collectivité-side team: slug → (EPCI SIREN, people).
TEAMS = {
    "chambery": (
        "200069110",
        [
            ("cdc", "Claire Martin"),
            ("elu", "Bernard Rolland"),
            ("technicien", "Inès Perrin"),
            ("partenaire", "Marc Vial"),
        ],
    ),
    "arlysere": (
        "200068997",
        [
            ("cdc", "Lucas Bonnet"),
            ("elu", "Monique Fournier"),
            ("technicien", "Hugo Garnier"),
            ("partenaire", "Élodie Roux"),
        ],
    ),
    "coeur-de-savoie": (
        "200041010",
        [
            ("cdc", "Amandine Chevalier"),
            ("elu", "Robert Lambert"),
            ("technicien", "Yanis Mercier"),
            ("partenaire", "Sarah Blanc"),
        ],
    ),
}

# The CDCs of the other CTGs, one each in the order of the CTGs' names; each logs in as
# ``cdc.{ctg-slug}@example.org`` (not printed: the detailed CTGs' people are enough).
OTHER_CDCS = [
    "Aline Bérard",
    "Olivier Chappaz",
    "Émilie Dupraz",
    "Vincent Excoffier",
    "Anne-Laure Favier",
    "Nicolas Gros",
    "Isabelle Jacquemoud",
    "Benoît Marcoz",
    "Agathe Ougier",
    "Romain Perrier",
    "Estelle Rosset",
    "Fabrice Tardy",
    "Ophélie Vulliet",
    "Jérémie Zanardi",
]

# A CDC who works for two CTGs, to show the CTG switcher: (e-mail, SIREN of the second EPCI).
SECOND_CTG = ("cdc.coeur-de-savoie@example.org", "247300676")
