"""The directory of the detailed CTGs: the structures of a territory, their people, the
subjects of the CDC's contacts with them.

``DIRECTORY`` names about forty structures of a territory, across every category of the
référentiel's diagram: ``{c[n]}`` is the territory's n-th commune by population (``{dc[n]}``
the same after « de », elided if need be), ``{epci}``
its EPCI, ``{kids[n]}`` and ``{colleges[n]}`` names drawn from ``CHILD_NAMES`` and
``COLLEGE_NAMES``.
"""

from __future__ import annotations

from maillage.core.enums import Theme
from maillage.network.enums import InteractionKind
from maillage.organisations.enums import OrganisationKind, PartnerCategory

K = OrganisationKind
C = PartnerCategory
PE, EJ, PAR, AVS = Theme.PETITE_ENFANCE, Theme.ENFANCE_JEUNESSE, Theme.PARENTALITE, Theme.AVS
DROITS, LOGEMENT, HANDICAP = Theme.ACCES_AUX_DROITS, Theme.LOGEMENT, Theme.HANDICAP
M, F = "M", "F"

# (first name, gender): each person's function is worded for their gender.
FIRST_NAMES: list[tuple[str, str]] = [
    ("Agnès", F), ("Alexandre", M), ("Anaïs", F), ("Antoine", M), ("Aurélie", F),
    ("Bastien", M), ("Camille", F), ("Cécile", F), ("Céline", F), ("Chloé", F),
    ("Christophe", M), ("Damien", M), ("Delphine", F), ("Élise", F), ("Émilie", F),
    ("Fabien", M), ("Florence", F), ("Franck", M), ("Gaëlle", F), ("Guillaume", M),
    ("Hélène", F), ("Isabelle", F), ("Jérôme", M), ("Julie", F), ("Karine", F),
    ("Laetitia", F), ("Laurent", M), ("Léa", F), ("Mathieu", M), ("Maud", F), ("Mélanie", F),
    ("Nadia", F), ("Nathalie", F), ("Nicolas", M), ("Noémie", F), ("Olivier", M),
    ("Pascale", F), ("Pauline", F), ("Philippe", M), ("Rachid", M), ("Sandrine", F),
    ("Sébastien", M), ("Sophie", F), ("Stéphane", M), ("Sylvie", F), ("Thomas", M),
    ("Valérie", F), ("Virginie", F), ("Xavier", M), ("Yasmine", F),
]  # fmt: skip
LAST_NAMES = [
    "Arnaud", "Barbier", "Benoît", "Berthier", "Bouvier", "Brun", "Carron", "Chabert",
    "Charvet", "Collomb", "Cottet", "Dumas", "Favre", "Gaillard", "Girod", "Guillot",
    "Jacquier", "Joly", "Lachenal", "Martinet", "Masson", "Michaud", "Millet", "Mollard",
    "Pellissier", "Perret", "Pichon", "Rey", "Richard", "Rigaud", "Ruffier", "Tissot",
    "Vachet", "Vernaz", "Viallet", "Villien",
]  # fmt: skip

CHILD_NAMES = [
    "Les Lutins", "Les P'tits Loups", "Câlins Câlines", "Les Marmousets", "Pomme d'Api",
    "Les Écureuils", "Les Farfadets", "La Ribambelle", "Les Pitchouns", "L'Île aux enfants",
]  # fmt: skip
COLLEGE_NAMES = ["Jean Moulin", "Louise Michel", "Pierre Mendès France", "Simone Veil"]

# kind → (functions of its people, each as (masculine, feminine), thématiques)
PEOPLE: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    K.COMMUNE: (
        [
            ("Maire", "Maire"),
            ("Adjoint aux affaires sociales", "Adjointe aux affaires sociales"),
            ("Adjoint à l'enfance", "Adjointe à l'enfance"),
        ],
        [PE, EJ],
    ),
    K.EPCI: (
        [
            ("Vice-président enfance-jeunesse", "Vice-présidente enfance-jeunesse"),
            ("Directeur général des services", "Directrice générale des services"),
        ],
        [PE, EJ],
    ),
    K.CONSEIL_DEPARTEMENTAL: (
        [
            ("Responsable de territoire", "Responsable de territoire"),
            ("Infirmier puériculteur", "Infirmière puéricultrice"),
            ("Conseiller technique", "Conseillère technique"),
        ],
        [PE, PAR, HANDICAP],
    ),
    K.MSA: (
        [
            ("Chargé de développement social", "Chargée de développement social"),
            ("Travailleur social", "Travailleuse sociale"),
        ],
        [PAR, AVS],
    ),
    K.CPAM: (
        [
            ("Conseiller accès aux droits", "Conseillère accès aux droits"),
            ("Responsable du service social", "Responsable du service social"),
        ],
        [DROITS],
    ),
    K.EDUCATION_NATIONALE: (
        [
            ("Principal", "Principale"),
            ("Conseiller principal d'éducation", "Conseillère principale d'éducation"),
        ],
        [EJ, PAR],
    ),
    K.ETAT: (
        [("Chargé de mission", "Chargée de mission"), ("Délégué du préfet", "Déléguée du préfet")],
        [LOGEMENT, DROITS],
    ),
    K.EAJE: (
        [
            ("Directeur", "Directrice"),
            ("Éducateur de jeunes enfants", "Éducatrice de jeunes enfants"),
        ],
        [PE],
    ),
    K.ALSH: ([("Directeur", "Directrice"), ("Animateur référent", "Animatrice référente")], [EJ]),
    K.LAEP: ([("Accueillant", "Accueillante"), ("Coordinateur", "Coordinatrice")], [PAR, PE]),
    K.RPE: ([("Animateur du relais", "Animatrice du relais")], [PE]),
    K.CENTRE_SOCIAL: (
        [
            ("Directeur", "Directrice"),
            ("Référent familles", "Référente familles"),
            ("Animateur jeunesse", "Animatrice jeunesse"),
        ],
        [AVS, PAR],
    ),
    K.EVS: (
        [("Coordinateur", "Coordinatrice"), ("Président bénévole", "Présidente bénévole")],
        [AVS],
    ),
    K.ASSOCIATION: (
        [
            ("Coordinateur", "Coordinatrice"),
            ("Président", "Présidente"),
            ("Animateur", "Animatrice"),
        ],
        [EJ, PAR],
    ),
    K.CAF: (
        [
            ("Conseiller thématique", "Conseillère thématique"),
            ("Chargé de développement territorial", "Chargée de développement territorial"),
        ],
        [PAR, AVS],
    ),
    K.AUTRE: (
        [("Chargé de mission", "Chargée de mission"), ("Responsable", "Responsable")],
        [DROITS],
    ),
}

SUBJECTS: dict[str, list[str]] = {
    InteractionKind.REUNION: [
        "Comité technique {theme}",
        "Réunion de préparation du COPIL",
        "Groupe de travail {theme}",
        "Point d'étape sur les fiches partagées",
    ],
    InteractionKind.ENTRETIEN: [
        "Entretien sur les besoins des familles",
        "Bilan annuel du partenariat",
        "Présentation de la CTG",
    ],
    InteractionKind.APPEL: [
        "Appel : relance des données d'activité",
        "Appel : calendrier des instances",
        "Appel : projet {de_theme}",
    ],
    InteractionKind.EMAIL: [
        "Envoi du relevé de décisions",
        "Demande de chiffres pour le diagnostic",
        "Transmission de la fiche action",
    ],
    InteractionKind.VISITE: ["Visite de la structure", "Visite du nouveau local"],
    InteractionKind.EVENEMENT: [
        "Forum des associations",
        "Semaine de la parentalité",
        "Journée portes ouvertes",
    ],
}
NOTES = [
    "",
    "",
    "Bon accueil ; à recontacter au printemps.",
    "Attend la validation de son conseil d'administration.",
    "Inquiétude sur le renouvellement des financements.",
    "Souhaite être associé au prochain comité technique.",
]

# Kinds of structure that are the CTG's strategic partners (others are, one time in ten).
STRATEGIC_KINDS = {K.CONSEIL_DEPARTEMENTAL, K.MSA, K.CPAM, K.CAF, K.EPCI, K.CENTRE_SOCIAL}

# (name, kind, category or None for the kind's default)
DIRECTORY: list[tuple[str, str, str | None]] = [
    ("Commune {dc[0]}", K.COMMUNE, C.ELUS),
    ("Commune {dc[1]}", K.COMMUNE, C.ELUS),
    ("Commune {dc[2]}", K.COMMUNE, C.ELUS),
    ("Commune {dc[3]}", K.COMMUNE, C.ELUS),
    ("Commune {dc[4]}", K.COMMUNE, C.ELUS),
    ("Commune {dc[5]}", K.COMMUNE, C.ELUS),
    ("Service petite enfance — {epci}", K.EPCI, C.SERVICES_COLLECTIVITE),
    ("Service enfance-jeunesse — {epci}", K.EPCI, C.SERVICES_COLLECTIVITE),
    ("CCAS {dc[0]}", K.COMMUNE, C.SERVICES_COLLECTIVITE),
    ("CCAS {dc[1]}", K.COMMUNE, C.SERVICES_COLLECTIVITE),
    ("Service des affaires scolaires {dc[0]}", K.COMMUNE, C.SERVICES_COLLECTIVITE),
    ("Multi-accueil {kids[0]} ({c[0]})", K.EAJE, None),
    ("Multi-accueil {kids[1]} ({c[1]})", K.EAJE, None),
    ("Crèche familiale {kids[2]} ({c[2]})", K.EAJE, None),
    ("Micro-crèche {kids[3]} ({c[3]})", K.EAJE, None),
    ("Micro-crèche {kids[4]} ({c[4]})", K.EAJE, None),
    ("Relais petite enfance {dc[2]}", K.RPE, None),
    ("LAEP {kids[5]} ({c[1]})", K.LAEP, None),
    ("Accueil de loisirs {dc[0]}", K.ALSH, None),
    ("Accueil de loisirs {dc[3]}", K.ALSH, None),
    ("Accueil de loisirs {dc[5]}", K.ALSH, None),
    ("MJC {dc[0]}", K.ASSOCIATION, None),
    ("MJC {dc[2]}", K.ASSOCIATION, None),
    ("Point information jeunesse {dc[1]}", K.ASSOCIATION, None),
    ("Association des familles {dc[4]}", K.ASSOCIATION, None),
    ("Ludothèque {dc[3]}", K.ASSOCIATION, None),
    ("Centre social {dc[1]}", K.CENTRE_SOCIAL, None),
    ("Centre social {dc[3]}", K.CENTRE_SOCIAL, None),
    ("Centre social intercommunal {dc[5]}", K.CENTRE_SOCIAL, None),
    ("Espace de vie sociale {dc[4]}", K.EVS, None),
    ("Espace de vie sociale {dc[6]}", K.EVS, None),
    ("Centre PMI {dc[0]}", K.CONSEIL_DEPARTEMENTAL, None),
    ("Centre PMI {dc[2]}", K.CONSEIL_DEPARTEMENTAL, None),
    ("Maison sociale du département — {c[0]}", K.CONSEIL_DEPARTEMENTAL, None),
    ("Collège {colleges[0]} ({c[0]})", K.EDUCATION_NATIONALE, None),
    ("Collège {colleges[1]} ({c[1]})", K.EDUCATION_NATIONALE, None),
    ("École primaire {dc[4]}", K.EDUCATION_NATIONALE, None),
    ("Mission locale jeunes — {epci}", K.ASSOCIATION, C.INSTITUTIONNELS),
    ("Maison départementale des personnes handicapées", K.CONSEIL_DEPARTEMENTAL, None),
    ("Direction départementale de l'emploi, du travail et des solidarités", K.ETAT, None),
    ("MSA Alpes du Nord", K.MSA, None),
    ("CPAM de la Savoie", K.CPAM, None),
    ("Conseil départemental de la Savoie", K.CONSEIL_DEPARTEMENTAL, None),
    ("Réseau des chargés de coopération CTG de la Savoie", K.AUTRE, C.RESEAU_CDC),
    ("Groupe d'échanges des coordinateurs enfance-jeunesse", K.AUTRE, C.RESEAU_CDC),
]  # fmt: skip
