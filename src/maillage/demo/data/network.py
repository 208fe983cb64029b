"""The directory of the detailed CTGs: the structures of a territory, their people, the
subjects of the CDC's contacts with them.

``DIRECTORY`` names about forty structures of a territory, across every category of the
référentiel's diagram: ``{c[n]}`` is the territory's n-th commune by population, ``{epci}``
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

FIRST_NAMES = [
    "Agnès", "Alexandre", "Anaïs", "Antoine", "Aurélie", "Bastien", "Camille", "Cécile",
    "Céline", "Chloé", "Christophe", "Damien", "Delphine", "Élise", "Émilie", "Fabien",
    "Florence", "Franck", "Gaëlle", "Guillaume", "Hélène", "Isabelle", "Jérôme", "Julie",
    "Karine", "Laetitia", "Laurent", "Léa", "Mathieu", "Maud", "Mélanie", "Nadia",
    "Nathalie", "Nicolas", "Noémie", "Olivier", "Pascale", "Pauline", "Philippe", "Rachid",
    "Sandrine", "Sébastien", "Sophie", "Stéphane", "Sylvie", "Thomas", "Valérie", "Virginie",
    "Xavier", "Yasmine",
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

# kind → (functions of its people, thématiques)
PEOPLE: dict[str, tuple[list[str], list[str]]] = {
    K.COMMUNE: (["Maire", "Adjointe aux affaires sociales", "Adjoint à l'enfance"], [PE, EJ]),
    K.EPCI: (["Vice-présidente enfance-jeunesse", "Directeur général des services"], [PE, EJ]),
    K.CONSEIL_DEPARTEMENTAL: (
        ["Responsable de territoire", "Infirmière puéricultrice", "Conseillère technique"],
        [PE, PAR, HANDICAP],
    ),
    K.MSA: (["Chargée de développement social", "Travailleur social"], [PAR, AVS]),
    K.CPAM: (["Conseillère accès aux droits", "Responsable du service social"], [DROITS]),
    K.EDUCATION_NATIONALE: (["Principal", "Conseillère principale d'éducation"], [EJ, PAR]),
    K.ETAT: (["Chargé de mission", "Déléguée du préfet"], [LOGEMENT, DROITS]),
    K.EAJE: (["Directrice", "Éducatrice de jeunes enfants"], [PE]),
    K.ALSH: (["Directeur", "Animatrice référente"], [EJ]),
    K.LAEP: (["Accueillante", "Coordinatrice"], [PAR, PE]),
    K.RPE: (["Animatrice du relais"], [PE]),
    K.CENTRE_SOCIAL: (["Directrice", "Référente familles", "Animateur jeunesse"], [AVS, PAR]),
    K.EVS: (["Coordinatrice", "Président bénévole"], [AVS]),
    K.ASSOCIATION: (["Coordinateur", "Présidente", "Animateur"], [EJ, PAR]),
    K.CAF: (["Conseillère thématique", "Chargé de développement territorial"], [PAR, AVS]),
    K.AUTRE: (["Chargée de mission", "Responsable"], [DROITS]),
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
        "Appel : projet de {theme}",
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
    ("Commune de {c[0]}", K.COMMUNE, C.ELUS),
    ("Commune de {c[1]}", K.COMMUNE, C.ELUS),
    ("Commune de {c[2]}", K.COMMUNE, C.ELUS),
    ("Commune de {c[3]}", K.COMMUNE, C.ELUS),
    ("Commune de {c[4]}", K.COMMUNE, C.ELUS),
    ("Commune de {c[5]}", K.COMMUNE, C.ELUS),
    ("Service petite enfance — {epci}", K.EPCI, C.SERVICES_COLLECTIVITE),
    ("Service enfance-jeunesse — {epci}", K.EPCI, C.SERVICES_COLLECTIVITE),
    ("CCAS de {c[0]}", K.COMMUNE, C.SERVICES_COLLECTIVITE),
    ("CCAS de {c[1]}", K.COMMUNE, C.SERVICES_COLLECTIVITE),
    ("Service des affaires scolaires de {c[0]}", K.COMMUNE, C.SERVICES_COLLECTIVITE),
    ("Multi-accueil {kids[0]} ({c[0]})", K.EAJE, None),
    ("Multi-accueil {kids[1]} ({c[1]})", K.EAJE, None),
    ("Crèche familiale {kids[2]} ({c[2]})", K.EAJE, None),
    ("Micro-crèche {kids[3]} ({c[3]})", K.EAJE, None),
    ("Micro-crèche {kids[4]} ({c[4]})", K.EAJE, None),
    ("Relais petite enfance de {c[2]}", K.RPE, None),
    ("LAEP {kids[5]} ({c[1]})", K.LAEP, None),
    ("Accueil de loisirs de {c[0]}", K.ALSH, None),
    ("Accueil de loisirs de {c[3]}", K.ALSH, None),
    ("Accueil de loisirs de {c[5]}", K.ALSH, None),
    ("MJC de {c[0]}", K.ASSOCIATION, None),
    ("MJC de {c[2]}", K.ASSOCIATION, None),
    ("Point information jeunesse de {c[1]}", K.ASSOCIATION, None),
    ("Association des familles de {c[4]}", K.ASSOCIATION, None),
    ("Ludothèque de {c[3]}", K.ASSOCIATION, None),
    ("Centre social de {c[1]}", K.CENTRE_SOCIAL, None),
    ("Centre social de {c[3]}", K.CENTRE_SOCIAL, None),
    ("Centre social intercommunal de {c[5]}", K.CENTRE_SOCIAL, None),
    ("Espace de vie sociale de {c[4]}", K.EVS, None),
    ("Espace de vie sociale de {c[6]}", K.EVS, None),
    ("Centre PMI de {c[0]}", K.CONSEIL_DEPARTEMENTAL, None),
    ("Centre PMI de {c[2]}", K.CONSEIL_DEPARTEMENTAL, None),
    ("Maison sociale du département — {c[0]}", K.CONSEIL_DEPARTEMENTAL, None),
    ("Collège {colleges[0]} ({c[0]})", K.EDUCATION_NATIONALE, None),
    ("Collège {colleges[1]} ({c[1]})", K.EDUCATION_NATIONALE, None),
    ("École primaire de {c[4]}", K.EDUCATION_NATIONALE, None),
    ("Mission locale jeunes — {epci}", K.ASSOCIATION, C.INSTITUTIONNELS),
    ("Maison départementale des personnes handicapées", K.CONSEIL_DEPARTEMENTAL, None),
    ("Direction départementale de l'emploi, du travail et des solidarités", K.ETAT, None),
    ("MSA Alpes du Nord", K.MSA, None),
    ("CPAM de la Savoie", K.CPAM, None),
    ("Conseil départemental de la Savoie", K.CONSEIL_DEPARTEMENTAL, None),
    ("Réseau des chargés de coopération CTG de la Savoie", K.AUTRE, C.RESEAU_CDC),
    ("Groupe d'échanges des coordinateurs enfance-jeunesse", K.AUTRE, C.RESEAU_CDC),
]  # fmt: skip
