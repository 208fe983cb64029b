"""The plans d'actions of the three detailed CTGs (Grand Chambéry, Arlysère, Coeur de Savoie)
and the catalogue of the other CTGs' light plans (``LIGHT_AXES``).

Their axes and objectifs, the structures their fiches name, and the catalogue of fiches
actions from which each CTG's plan is drawn; the follow-up notes, by status. The
indicators are in ``indicators``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from maillage.core.enums import Theme
from maillage.organisations.enums import OrganisationKind
from maillage.plans.enums import ActionStatus, BudgetNature, Participation, Public

# The demo's "today": the plans are written as seen on this day, whatever the real date.
DEMO_TODAY = datetime.date(2026, 11, 28)

PE, EJ, PAR, AVS = Theme.PETITE_ENFANCE, Theme.ENFANCE_JEUNESSE, Theme.PARENTALITE, Theme.AVS
DROITS, LOGEMENT, HANDICAP = Theme.ACCES_AUX_DROITS, Theme.LOGEMENT, Theme.HANDICAP
FONCT, INVEST = BudgetNature.FONCTIONNEMENT, BudgetNature.INVESTISSEMENT

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]

# ---------------------------------------------------------------------------
# Territories: axes and objectifs (by slot), structures, communes.
# ---------------------------------------------------------------------------

STRUCTURES: dict[str, dict[str, tuple[str, OrganisationKind, str]]] = {
    # role → (name, kind, commune)
    "chambery": {
        "eaje": ("Multi-accueil Les Petits Chamois", OrganisationKind.EAJE, "Chambéry"),
        "eaje2": (
            "Crèche associative Les Pitchounes",
            OrganisationKind.EAJE,
            "La Motte-Servolex",
        ),
        "rpe": ("Relais petite enfance du Grand Chambéry", OrganisationKind.RPE, "Chambéry"),
        "laep": ("LAEP La Parenthèse", OrganisationKind.LAEP, "Chambéry"),
        "centre_social": (
            "Centre social des Hauts-de-Chambéry",
            OrganisationKind.CENTRE_SOCIAL,
            "Chambéry",
        ),
        "centre_social2": (
            "Centre social et culturel de Cognin",
            OrganisationKind.CENTRE_SOCIAL,
            "Cognin",
        ),
        "evs": ("Espace de vie sociale des Bauges", OrganisationKind.EVS, "Le Châtelard"),
        "alsh": ("Accueil de loisirs de La Ravoire", OrganisationKind.ALSH, "La Ravoire"),
        "asso_parents": (
            "Association Parents en chemin",
            OrganisationKind.ASSOCIATION,
            "Chambéry",
        ),
        "asso_jeunes": (
            "Association Info Jeunes Grand Chambéry",
            OrganisationKind.ASSOCIATION,
            "Chambéry",
        ),
        "ludotheque": ("Ludothèque Le Dé Bleu", OrganisationKind.ASSOCIATION, "Bassens"),
        "france_services": (
            "France services des Hauts-de-Chambéry",
            OrganisationKind.AUTRE,
            "Chambéry",
        ),
        "commune": ("Ville de Chambéry", OrganisationKind.COMMUNE, "Chambéry"),
    },
    "arlysere": {
        "eaje": ("Multi-accueil Les Marmottes", OrganisationKind.EAJE, "Albertville"),
        "eaje2": ("Micro-crèche Les Edelweiss", OrganisationKind.EAJE, "Ugine"),
        "rpe": ("Relais petite enfance Arlysère", OrganisationKind.RPE, "Albertville"),
        "laep": ("LAEP Le Petit Pont", OrganisationKind.LAEP, "Albertville"),
        "centre_social": (
            "Centre social La Passerelle",
            OrganisationKind.CENTRE_SOCIAL,
            "Albertville",
        ),
        "centre_social2": (
            "Centre socioculturel du Val d'Arly",
            OrganisationKind.CENTRE_SOCIAL,
            "Ugine",
        ),
        "evs": ("Espace de vie sociale du Beaufortain", OrganisationKind.EVS, "Beaufort"),
        "alsh": ("Accueil de loisirs Les Cabris", OrganisationKind.ALSH, "Gilly-sur-Isère"),
        "asso_parents": (
            "Association Familles en Arlysère",
            OrganisationKind.ASSOCIATION,
            "Albertville",
        ),
        "asso_jeunes": (
            "Association Info Jeunes Arlysère",
            OrganisationKind.ASSOCIATION,
            "Albertville",
        ),
        "ludotheque": ("Ludothèque itinérante Arlyjeux", OrganisationKind.ASSOCIATION, "Ugine"),
        "france_services": ("France services d'Ugine", OrganisationKind.AUTRE, "Ugine"),
        "commune": ("Ville d'Albertville", OrganisationKind.COMMUNE, "Albertville"),
    },
    "coeur-de-savoie": {
        "eaje": ("Multi-accueil Les Vignes Vertes", OrganisationKind.EAJE, "Montmélian"),
        "eaje2": ("Micro-crèche Les Lucioles", OrganisationKind.EAJE, "Chamoux-sur-Gelon"),
        "rpe": ("Relais petite enfance Coeur de Savoie", OrganisationKind.RPE, "Montmélian"),
        "laep": ("LAEP itinérant La Roulotte", OrganisationKind.LAEP, "Saint-Pierre-d'Albigny"),
        "centre_social": (
            "Centre social du Val Gelon",
            OrganisationKind.CENTRE_SOCIAL,
            "Valgelon-La Rochette",
        ),
        "centre_social2": (
            "Centre social de Montmélian et environs",
            OrganisationKind.CENTRE_SOCIAL,
            "Montmélian",
        ),
        "evs": ("Espace de vie sociale Les Combes", OrganisationKind.EVS, "Saint-Pierre-d'Albigny"),
        "alsh": (
            "Accueil de loisirs intercommunal Coeur de Savoie",
            OrganisationKind.ALSH,
            "Porte-de-Savoie",
        ),
        "asso_parents": (
            "Association Parentalité en Combe de Savoie",
            OrganisationKind.ASSOCIATION,
            "Saint-Pierre-d'Albigny",
        ),
        "asso_jeunes": (
            "Association Jeunesse et Territoire Coeur de Savoie",
            OrganisationKind.ASSOCIATION,
            "Montmélian",
        ),
        "ludotheque": ("Ludothèque La Toupie", OrganisationKind.ASSOCIATION, "Montmélian"),
        "france_services": (
            "France services de Saint-Pierre-d'Albigny",
            OrganisationKind.AUTRE,
            "Saint-Pierre-d'Albigny",
        ),
        "commune": ("Commune de Montmélian", OrganisationKind.COMMUNE, "Montmélian"),
    },
}

SHARED_STRUCTURES = {
    "en": (
        "Direction des services départementaux de l'Éducation nationale de la Savoie",
        OrganisationKind.EDUCATION_NATIONALE,
    ),
    "cpam": ("CPAM de la Savoie", OrganisationKind.CPAM),
}

# Communes a fiche may be about ({commune} in its texts).
LOCAL_COMMUNES = {
    "chambery": ["La Motte-Servolex", "Cognin", "Saint-Alban-Leysse", "Challes-les-Eaux", "Barby"],
    "arlysere": ["Frontenex", "Grésy-sur-Isère", "Hauteluce", "Flumet", "La Bâthie"],
    "coeur-de-savoie": ["Chamoux-sur-Gelon", "Arvillard", "Cruet", "Porte-de-Savoie", "Myans"],
}

# Where the fiches of each CTG start (a preparation year for a CTG not yet begun).
WINDOW_START = {
    "chambery": datetime.date(2024, 1, 1),
    "arlysere": datetime.date(2022, 1, 1),
    "coeur-de-savoie": datetime.date(2026, 1, 1),
}

AXES: dict[str, list[tuple[str, str, str, dict[str, str]]]] = {
    # (axis key, title, description, {slot: objective title})
    "chambery": [
        (
            "pe",
            "Petite enfance : une offre d'accueil suffisante, de qualité et accessible",
            "Réduire les écarts de couverture entre Chambéry, la première couronne et les "
            "Bauges, et ouvrir l'accueil aux familles qui en sont le plus éloignées.",
            {
                "pe_offre": "Augmenter le nombre de places d'accueil dans les secteurs sous-dotés",
                "pe_qualite": "Soutenir et professionnaliser les assistants maternels",
                "pe_inclusion": "Faciliter l'accès des familles vulnérables et des enfants "
                "en situation de handicap",
            },
        ),
        (
            "ej",
            "Enfance-jeunesse : des parcours éducatifs cohérents de 3 à 25 ans",
            "Articuler les temps scolaires, périscolaires et de loisirs et donner aux jeunes "
            "les moyens de leur autonomie.",
            {
                "ej_loisirs": "Structurer une offre de loisirs éducatifs de qualité",
                "ej_jeunes": "Favoriser l'autonomie, l'information et l'engagement des jeunes",
            },
        ),
        (
            "par",
            "Parentalité : accompagner les parents à chaque étape",
            "Des lieux ressources de proximité et un réseau d'acteurs coordonné.",
            {
                "par_lieux": "Développer des lieux ressources de proximité pour les parents",
                "par_soutien": "Accompagner les parents dans les moments de fragilité",
                "par_reseau": "Coordonner les acteurs du soutien à la parentalité",
            },
        ),
        (
            "avs",
            "Vie sociale, accès aux droits et logement",
            "Conforter les centres sociaux, lutter contre le non-recours et piloter la CTG.",
            {
                "avs_structures": "Conforter les centres sociaux et les espaces de vie sociale",
                "avs_droits": "Garantir l'accès aux droits et lutter contre le non-recours",
                "avs_pilotage": "Piloter, observer et évaluer la CTG",
            },
        ),
    ],
    "arlysere": [
        (
            "pe",
            "Accueil du jeune enfant : adapter l'offre aux rythmes de vie du territoire",
            "Un territoire de vallées et de stations, où les parents travaillent souvent en "
            "horaires décalés ou en saison.",
            {
                "pe_offre": "Développer l'offre d'accueil en vallée et en station",
                "pe_inclusion": "Proposer des solutions d'accueil aux horaires atypiques et "
                "aux parents en insertion",
                "pe_qualite": "Accompagner la qualité de l'accueil individuel et collectif",
            },
        ),
        (
            "ej",
            "Enfance et jeunesse : grandir et s'engager en Arlysère",
            "Harmoniser l'offre de loisirs entre communes et aller vers les adolescents.",
            {
                "ej_loisirs": "Harmoniser et qualifier l'offre périscolaire et extrascolaire",
                "ej_jeunes": "Aller vers les adolescents et soutenir leurs initiatives",
                "ej_inclusion": "Rendre les loisirs et les vacances accessibles à tous les enfants",
            },
        ),
        (
            "par",
            "Soutien à la parentalité",
            "Rompre l'isolement des parents et rendre lisible l'offre existante.",
            {
                "par_lieux": "Offrir aux parents des espaces d'échange et de rencontre",
                "par_reseau": "Rendre lisible l'offre de soutien à la parentalité",
            },
        ),
        (
            "avs",
            "Animation de la vie sociale et accès aux droits",
            "Rapprocher les services des habitants des vallées et soutenir les initiatives "
            "locales.",
            {
                "avs_structures": "Accompagner les structures d'animation de la vie sociale",
                "avs_droits": "Rapprocher les services publics des habitants des vallées",
                "avs_participation": "Encourager la participation des habitants et les "
                "solidarités de proximité",
            },
        ),
    ],
    "coeur-de-savoie": [
        (
            "pe",
            "Petite enfance : mailler le territoire rural en modes d'accueil",
            "Plusieurs communes n'ont aucun mode d'accueil collectif et les assistants "
            "maternels partent à la retraite sans être remplacés.",
            {
                "pe_offre": "Créer des places d'accueil dans les communes qui en sont dépourvues",
                "pe_qualite": "Rompre l'isolement des assistants maternels",
            },
        ),
        (
            "ej",
            "Enfance-jeunesse : une offre de loisirs de proximité",
            "Un projet éducatif partagé entre les communes et une place pour les jeunes.",
            {
                "ej_loisirs": "Construire un projet éducatif de territoire partagé",
                "ej_jeunes": "Donner une place aux jeunes dans la vie locale",
                "ej_inclusion": "Accueillir tous les enfants, y compris en situation de handicap",
            },
        ),
        (
            "par",
            "Parentalité : aller vers les familles isolées",
            "Des actions itinérantes pour les familles éloignées des services.",
            {
                "par_lieux": "Proposer des lieux d'accueil parents-enfants itinérants",
                "par_soutien": "Soutenir les parents d'enfants scolarisés et d'adolescents",
            },
        ),
        (
            "avs",
            "Vie sociale et accès aux droits en milieu rural",
            "Lutter contre l'isolement et le non-recours, consolider les structures "
            "d'animation de la vie sociale et préparer le pilotage de la CTG.",
            {
                "avs_droits": "Lutter contre le non-recours aux droits et la fracture numérique",
                "avs_participation": "Développer le lien social et les initiatives d'habitants",
                "avs_structures": "Consolider le réseau des centres sociaux et des EVS",
                "avs_pilotage": "Préparer et piloter la CTG avec les partenaires",
            },
        ),
    ],
}


# ---------------------------------------------------------------------------
# The catalogue of fiches actions.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fiche:
    """A fiche action of the catalogue; ``{role}`` and ``{commune}`` in its texts are filled
    with the CTG's structures and communes. ``slots`` are the objectifs it serves, ``only``
    the CTGs it is for (all when empty)."""

    key: str
    axis: str
    slots: tuple[str, ...]
    title: str
    description: str
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    pilot_org: str
    partners: tuple[str, ...]
    steps: tuple[str, ...]
    budget: tuple[str, int, str]  # (nature, yearly amount, poste)
    participation: str | None = None
    confidential: bool = False
    only: tuple[str, ...] = ()
    commune: bool = False


P = Public
CATALOGUE = [
    # --- Petite enfance ---------------------------------------------------------
    Fiche(
        "mam",
        "pe",
        ("pe_offre",),
        "Création d'une maison d'assistants maternels (MAM) à {commune}",
        "Accompagner un collectif de quatre assistantes maternelles dans la création d'une "
        "MAM de 16 places : recherche d'un local, montage du projet et demande d'aide à "
        "l'investissement. Le secteur n'a aujourd'hui aucun mode d'accueil collectif.",
        (PE,),
        (P.ENFANTS_0_3, P.FAMILLES, P.PROFESSIONNELS),
        "rpe",
        ("caf", "cd", "commune"),
        (
            "Réunion d'information des assistantes maternelles intéressées",
            "Recherche et visite de locaux avec la commune",
            "Dépôt du dossier d'agrément auprès de la PMI",
            "Demande de subvention d'investissement à la Caf",
            "Ouverture de la MAM",
        ),
        (INVEST, 24000, "Aménagement et équipement du local"),
        commune=True,
    ),
    Fiche(
        "eaje_extension",
        "pe",
        ("pe_offre",),
        "Extension du {eaje} (+10 places)",
        "Porter la capacité du multi-accueil de 30 à 40 places pour réduire la liste "
        "d'attente, qui compte plus de 80 demandes non satisfaites.",
        (PE,),
        (P.ENFANTS_0_3, P.FAMILLES),
        "eaje",
        ("caf", "epci", "cd"),
        (
            "Étude de faisabilité et chiffrage",
            "Validation du plan de financement en conseil communautaire",
            "Travaux d'extension",
            "Recrutement de l'équipe complémentaire",
            "Ouverture des nouvelles places",
        ),
        (INVEST, 160000, "Travaux d'extension"),
    ),
    Fiche(
        "micro_creche",
        "pe",
        ("pe_offre",),
        "Ouverture d'une micro-crèche à {commune}",
        "Implanter une micro-crèche de 12 places dans un secteur sans offre collective, "
        "dans un bâtiment communal réhabilité et mis à disposition par la commune.",
        (PE,),
        (P.ENFANTS_0_3, P.FAMILLES),
        "epci",
        ("caf", "cd", "msa"),
        (
            "Choix du gestionnaire",
            "Réhabilitation du bâtiment communal",
            "Avis de la PMI",
            "Ouverture et premières inscriptions",
        ),
        (INVEST, 85000, "Réhabilitation du bâtiment"),
        commune=True,
    ),
    Fiche(
        "horaires_atypiques",
        "pe",
        ("pe_inclusion", "pe_offre"),
        "Accueil du jeune enfant en horaires atypiques",
        "Expérimenter un accueil de 6 h à 21 h au multi-accueil et chez des assistants "
        "maternels volontaires, pour les parents qui travaillent en horaires décalés "
        "(santé, commerce, industrie).",
        (PE,),
        (P.ENFANTS_0_3, P.PARENTS),
        "eaje",
        ("caf", "rpe", "epci"),
        (
            "Enquête auprès des parents et des employeurs",
            "Recensement des assistants maternels volontaires",
            "Ouverture de l'expérimentation",
            "Bilan après un an de fonctionnement",
        ),
        (FONCT, 15000, "Heures d'accueil complémentaires"),
    ),
    Fiche(
        "saisonniers",
        "pe",
        ("pe_offre", "pe_inclusion"),
        "Accueil des enfants des travailleurs saisonniers",
        "Ouvrir chaque hiver des places d'accueil saisonnières et d'urgence pour les "
        "familles qui travaillent dans les stations du Beaufortain et du Val d'Arly.",
        (PE,),
        (P.ENFANTS_0_3, P.FAMILLES),
        "eaje2",
        ("caf", "epci", "msa"),
        (
            "Recensement des besoins auprès des stations",
            "Convention avec les employeurs des stations",
            "Ouverture des places pour la saison d'hiver",
            "Bilan de la saison",
        ),
        (FONCT, 22000, "Postes saisonniers d'auxiliaires de puériculture"),
        only=("arlysere",),
    ),
    Fiche(
        "handicap_pe",
        "pe",
        ("pe_inclusion",),
        "Accueil des enfants en situation de handicap dans les crèches",
        "Mobiliser le bonus inclusion handicap, former les équipes et créer un pôle "
        "ressources handicap pour faciliter l'accueil des enfants porteurs de handicap en "
        "crèche et chez les assistants maternels.",
        (PE, HANDICAP),
        (P.ENFANTS_0_3, P.PARENTS, P.PROFESSIONNELS),
        "eaje",
        ("caf", "cd", "rpe"),
        (
            "Repérage des besoins avec la PMI",
            "Formation des équipes des crèches",
            "Ouverture du pôle ressources handicap",
            "Bilan avec les familles",
        ),
        (FONCT, 12000, "Temps de coordination et formation"),
    ),
    Fiche(
        "rpe_renfort",
        "pe",
        ("pe_qualite",),
        "Renforcement du relais petite enfance",
        "Passer de 1,5 à 2 équivalents temps plein d'animatrices, ouvrir des temps "
        "collectifs dans les communes éloignées et accompagner les assistants maternels "
        "dans leur professionnalisation.",
        (PE,),
        (P.PROFESSIONNELS, P.PARENTS),
        "rpe",
        ("caf", "epci"),
        (
            "Recrutement d'une animatrice à mi-temps",
            "Nouveau planning des temps collectifs",
            "Premier temps collectif dans les communes éloignées",
        ),
        (FONCT, 28000, "Poste d'animatrice"),
    ),
    Fiche(
        "formation_am",
        "pe",
        ("pe_qualite",),
        "Plan de formation des assistants maternels",
        "Organiser des sessions de formation continue le samedi (premiers secours, "
        "communication gestuelle, accueil des émotions) et faciliter les départs en "
        "formation.",
        (PE,),
        (P.PROFESSIONNELS,),
        "rpe",
        ("caf", "cd"),
        (
            "Recueil des besoins de formation",
            "Choix de l'organisme de formation",
            "Sessions du premier semestre",
            "Sessions du second semestre",
        ),
        (FONCT, 6000, "Frais pédagogiques"),
    ),
    Fiche(
        "guichet_unique",
        "pe",
        ("pe_inclusion",),
        "Guichet unique d'information et d'attribution des places en crèche",
        "Mettre en place une demande unique en ligne, une commission d'attribution "
        "intercommunale et des critères d'attribution publiés, pour plus de transparence "
        "envers les familles.",
        (PE, DROITS),
        (P.FAMILLES, P.PARENTS),
        "epci",
        ("caf", "eaje", "rpe"),
        (
            "Rédaction du règlement d'attribution",
            "Mise en ligne du formulaire de demande unique",
            "Première commission d'attribution",
        ),
        (FONCT, 8000, "Outil de gestion des demandes"),
    ),
    Fiche(
        "avip",
        "pe",
        ("pe_inclusion",),
        "Crèche à vocation d'insertion professionnelle (AVIP)",
        "Réserver des places en crèche aux parents en recherche d'emploi ou en formation, "
        "avec un accompagnement vers l'emploi coordonné avec France Travail.",
        (PE, DROITS),
        (P.PARENTS, P.ENFANTS_0_3),
        "eaje",
        ("caf", "cd"),
        (
            "Convention avec France Travail",
            "Labellisation AVIP de la crèche",
            "Premiers accueils de parents en parcours d'insertion",
        ),
        (FONCT, 10000, "Places réservées"),
    ),
    Fiche(
        "conf_creche",
        "pe",
        ("pe_offre",),
        "Accompagnement d'une crèche associative en difficulté financière",
        "Le conseil d'administration de {eaje2} signale un déficit important. "
        "Étudier avec la commune les scénarios de reprise (régie, délégation de service "
        "public) pour garantir la continuité de l'accueil.",
        (PE,),
        (P.ENFANTS_0_3, P.FAMILLES),
        "epci",
        ("caf", "eaje2"),
        (
            "Analyse des comptes avec la Caf",
            "Présentation des scénarios aux élus",
            "Décision du conseil communautaire",
        ),
        (FONCT, 30000, "Aide exceptionnelle à l'équilibre"),
        confidential=True,
    ),
    # --- Enfance-jeunesse ---------------------------------------------------------
    Fiche(
        "pedt",
        "ej",
        ("ej_loisirs",),
        "Élaboration du projet éducatif de territoire (PEDT) intercommunal",
        "Construire avec les communes, l'Éducation nationale et les associations un PEDT "
        "commun, articulé avec le Plan mercredi, pour harmoniser la qualité des temps "
        "périscolaires.",
        (EJ,),
        (P.ENFANTS_3_11, P.PROFESSIONNELS, P.ELUS),
        "epci",
        ("en", "caf", "commune", "alsh"),
        (
            "État des lieux des accueils périscolaires",
            "Ateliers avec les communes et les associations",
            "Validation du PEDT en comité de pilotage",
            "Signature de la convention PEDT",
        ),
        (FONCT, 9000, "Accompagnement méthodologique"),
        participation=Participation.CONCERTATION,
    ),
    Fiche(
        "plan_mercredi",
        "ej",
        ("ej_loisirs",),
        "Labellisation Plan mercredi des accueils de loisirs",
        "Accompagner les accueils de loisirs du mercredi vers le label Plan mercredi : "
        "projet pédagogique, partenariats culturels et sportifs, encadrement qualifié.",
        (EJ,),
        (P.ENFANTS_3_11,),
        "alsh",
        ("en", "caf"),
        (
            "Diagnostic des accueils du mercredi",
            "Rédaction des projets pédagogiques",
            "Dépôt des demandes de label",
        ),
        (FONCT, 7000, "Bonification Plan mercredi"),
    ),
    Fiche(
        "alsh_itinerant",
        "ej",
        ("ej_loisirs", "ej_inclusion"),
        "Accueil de loisirs itinérant l'été",
        "Ouvrir un accueil de loisirs itinérant l'été dans trois communes éloignées, avec "
        "un minibus, pour les enfants de 3 à 11 ans sans solution d'accueil pendant les "
        "vacances.",
        (EJ,),
        (P.ENFANTS_3_11, P.FAMILLES),
        "alsh",
        ("caf", "msa", "commune"),
        (
            "Choix des communes d'accueil",
            "Recrutement des animateurs saisonniers",
            "Ouverture de l'accueil itinérant",
            "Bilan de l'été",
        ),
        (FONCT, 20000, "Animateurs et transport"),
    ),
    Fiche(
        "handicap_alsh",
        "ej",
        ("ej_inclusion",),
        "Inclusion des enfants en situation de handicap en accueil de loisirs",
        "Financer des animateurs de renfort et former les directeurs d'accueils de loisirs "
        "pour accueillir les enfants en situation de handicap sur les mêmes temps que les "
        "autres.",
        (EJ, HANDICAP),
        (P.ENFANTS_3_11, P.JEUNES_12_17, P.PARENTS),
        "alsh",
        ("caf", "cd", "asso_parents"),
        (
            "Formation des directeurs d'accueils de loisirs",
            "Mise en place d'un fonds pour les animateurs de renfort",
            "Bilan des accueils avec les familles",
        ),
        (FONCT, 14000, "Animateurs de renfort"),
    ),
    Fiche(
        "vacances",
        "ej",
        ("ej_inclusion",),
        "Départs en vacances des enfants et des familles",
        "Faciliter les départs en séjours collectifs et en vacances familiales grâce aux "
        "aides de la Caf, avec un accompagnement des centres sociaux pour les familles qui "
        "ne partent jamais.",
        (EJ, PAR),
        (P.FAMILLES, P.ENFANTS_3_11),
        "centre_social",
        ("caf", "centre_social2"),
        (
            "Information des familles sur les aides aux vacances",
            "Ateliers de préparation des départs",
            "Départs de l'été",
            "Retour d'expérience avec les familles",
        ),
        (FONCT, 9000, "Accompagnement des familles"),
        participation=Participation.CONSULTATION,
    ),
    Fiche(
        "pij",
        "ej",
        ("ej_jeunes",),
        "Ouverture d'un point information jeunesse (PIJ)",
        "Créer un lieu d'accueil et d'information pour les 12–25 ans (orientation, emploi "
        "saisonnier, logement, santé, mobilité internationale), avec une permanence hors "
        "les murs dans les collèges.",
        (EJ, DROITS),
        (P.JEUNES_12_17, P.JEUNES_18_25),
        "asso_jeunes",
        ("caf", "en", "epci"),
        (
            "Recherche d'un local en centre-ville",
            "Recrutement de l'informatrice jeunesse",
            "Labellisation Info Jeunes",
            "Première permanence dans les collèges",
        ),
        (FONCT, 25000, "Poste d'informateur jeunesse"),
    ),
    Fiche(
        "cmj",
        "ej",
        ("ej_jeunes",),
        "Conseil municipal des jeunes à {commune}",
        "Installer un conseil de jeunes élus au collège, accompagné par un animateur, pour "
        "porter leurs projets et être consultés sur les politiques locales.",
        (EJ,),
        (P.JEUNES_12_17, P.ELUS),
        "commune",
        ("en", "asso_jeunes"),
        (
            "Présentation du projet dans les classes",
            "Élections au collège",
            "Installation du conseil",
            "Premier projet porté par les jeunes élus",
        ),
        (FONCT, 4000, "Animation du conseil"),
        participation=Participation.CO_CONSTRUCTION,
        commune=True,
    ),
    Fiche(
        "promeneurs",
        "ej",
        ("ej_jeunes",),
        "Promeneurs du Net : présence éducative en ligne",
        "Former trois animateurs jeunesse à la présence éducative sur les réseaux sociaux, "
        "pour garder le lien avec les jeunes qui ne fréquentent plus les structures.",
        (EJ,),
        (P.JEUNES_12_17, P.JEUNES_18_25, P.PROFESSIONNELS),
        "asso_jeunes",
        ("caf", "centre_social"),
        (
            "Identification des animateurs volontaires",
            "Formation Promeneurs du Net",
            "Ouverture des comptes professionnels",
        ),
        (FONCT, 3000, "Formation et coordination"),
    ),
    Fiche(
        "projets_jeunes",
        "ej",
        ("ej_jeunes",),
        "Fonds d'aide aux projets de jeunes",
        "Soutenir les projets collectifs de jeunes de 14 à 25 ans (séjours autonomes, "
        "événements, solidarité internationale), avec un jury composé pour moitié de jeunes.",
        (EJ,),
        (P.JEUNES_12_17, P.JEUNES_18_25),
        "epci",
        ("caf", "asso_jeunes"),
        (
            "Rédaction du règlement du fonds",
            "Constitution du jury",
            "Premier appel à projets",
            "Bilan des projets soutenus",
        ),
        (FONCT, 10000, "Enveloppe du fonds"),
        participation=Participation.CO_CONSTRUCTION,
    ),
    Fiche(
        "animation_ados",
        "ej",
        ("ej_jeunes",),
        "Animation jeunesse de proximité dans les villages",
        "Déployer un animateur itinérant qui va à la rencontre des adolescents dans les "
        "villages le soir et le samedi, et construit avec eux des activités.",
        (EJ,),
        (P.JEUNES_12_17,),
        "centre_social2",
        ("caf", "commune", "msa"),
        (
            "Recrutement de l'animateur itinérant",
            "Tournée de rencontre des jeunes",
            "Premières activités construites avec les jeunes",
        ),
        (FONCT, 32000, "Poste d'animateur"),
        participation=Participation.CONCERTATION,
    ),
    Fiche(
        "diag_jeunesse",
        "ej",
        ("ej_jeunes",),
        "Diagnostic jeunesse partagé",
        "Interroger 500 jeunes par questionnaire et organiser des ateliers pour connaître "
        "leurs attentes en matière de loisirs, de mobilité et d'information, en vue d'une "
        "convention territoriale jeunesse.",
        (EJ,),
        (P.JEUNES_12_17, P.JEUNES_18_25),
        "epci",
        ("caf", "en", "asso_jeunes"),
        (
            "Construction du questionnaire avec des jeunes",
            "Passation dans les collèges et lycées",
            "Ateliers de restitution",
            "Rédaction des préconisations",
        ),
        (FONCT, 8000, "Prestation d'étude"),
        participation=Participation.CONSULTATION,
    ),
    Fiche(
        "formation_animateurs",
        "ej",
        ("ej_loisirs",),
        "Formation commune des animateurs périscolaires",
        "Proposer aux animateurs des communes un socle de formation commun : BAFA financé, "
        "accueil du handicap, prévention des violences.",
        (EJ,),
        (P.PROFESSIONNELS,),
        "alsh",
        ("caf", "commune"),
        (
            "Recensement des besoins de formation",
            "Financement de dix BAFA",
            "Journée de formation commune",
        ),
        (FONCT, 6500, "Frais de formation"),
    ),
    # --- Parentalité ---------------------------------------------------------------
    Fiche(
        "laep_itinerant",
        "par",
        ("par_lieux",),
        "LAEP itinérant dans les communes rurales",
        "Faire circuler un lieu d'accueil enfants-parents dans quatre communes en "
        "alternance, pour rompre l'isolement des parents de jeunes enfants éloignés des "
        "services.",
        (PAR, PE),
        (P.PARENTS, P.ENFANTS_0_3),
        "laep",
        ("caf", "msa", "cd"),
        (
            "Choix des communes et des salles d'accueil",
            "Formation des accueillants",
            "Première séance itinérante",
            "Bilan de fréquentation",
        ),
        (FONCT, 18000, "Accueillants et déplacements"),
    ),
    Fiche(
        "laep_creation",
        "par",
        ("par_lieux",),
        "Création d'un lieu d'accueil enfants-parents à {commune}",
        "Ouvrir un LAEP deux demi-journées par semaine, anonyme et gratuit, dans les locaux "
        "de la maison de l'enfance.",
        (PAR, PE),
        (P.PARENTS, P.ENFANTS_0_3),
        "asso_parents",
        ("caf", "commune"),
        (
            "Écriture du projet avec les futurs accueillants",
            "Aménagement de la salle",
            "Ouverture du LAEP",
        ),
        (FONCT, 14000, "Fonctionnement du LAEP"),
        commune=True,
    ),
    Fiche(
        "cafe_parents",
        "par",
        ("par_lieux", "par_soutien"),
        "Café des parents à la sortie de l'école",
        "Un temps convivial mensuel, animé par une professionnelle de l'association, pour "
        "échanger sur les questions éducatives (sommeil, écrans, devoirs) sans jugement.",
        (PAR,),
        (P.PARENTS,),
        "asso_parents",
        ("caf", "en", "commune"),
        (
            "Accord des directeurs d'école",
            "Premier café des parents",
            "Bilan de l'année scolaire",
        ),
        (FONCT, 5000, "Animation"),
        participation=Participation.CONSULTATION,
    ),
    Fiche(
        "reaap",
        "par",
        ("par_reseau",),
        "Animation du réseau parentalité du territoire",
        "Réunir trois fois par an les acteurs du soutien à la parentalité, tenir un agenda "
        "commun des actions et construire une communication unique vers les familles.",
        (PAR,),
        (P.PROFESSIONNELS,),
        "epci",
        ("caf", "cd", "asso_parents", "centre_social"),
        (
            "Cartographie des actions parentalité",
            "Première rencontre du réseau",
            "Agenda commun en ligne",
        ),
        (FONCT, 4000, "Coordination du réseau"),
    ),
    Fiche(
        "ecrans",
        "par",
        ("par_soutien",),
        "Parents et écrans : ateliers et conférences",
        "Un cycle de conférences-débats et d'ateliers parents-enfants sur les usages du "
        "numérique, en lien avec les collèges.",
        (PAR,),
        (P.PARENTS, P.JEUNES_12_17),
        "centre_social",
        ("en", "caf"),
        (
            "Choix des intervenants",
            "Conférence-débat d'ouverture",
            "Ateliers parents-enfants",
        ),
        (FONCT, 4500, "Intervenants"),
    ),
    Fiche(
        "separation",
        "par",
        ("par_soutien",),
        "Accompagner les parents qui se séparent",
        "Faire connaître les séances « Parents après la séparation » et la médiation "
        "familiale, et ouvrir une permanence de médiation au centre social.",
        (PAR, DROITS),
        (P.PARENTS,),
        "centre_social",
        ("caf", "cd"),
        (
            "Information des professionnels du territoire",
            "Ouverture de la permanence de médiation familiale",
            "Séances « Parents après la séparation »",
        ),
        (FONCT, 6000, "Permanences de médiation"),
    ),
    Fiche(
        "clas",
        "par",
        ("par_soutien",),
        "Développer l'accompagnement à la scolarité (CLAS)",
        "Ouvrir deux nouveaux groupes CLAS à l'école et au collège, avec un volet "
        "d'accompagnement des parents dans le suivi de la scolarité.",
        (PAR, EJ),
        (P.ENFANTS_3_11, P.JEUNES_12_17, P.PARENTS),
        "centre_social2",
        ("caf", "en"),
        (
            "Repérage des élèves avec les enseignants",
            "Recrutement des bénévoles",
            "Ouverture des groupes",
            "Rencontre bilan avec les parents",
        ),
        (FONCT, 7500, "Animation des groupes"),
    ),
    Fiche(
        "guide_familles",
        "par",
        ("par_reseau",),
        "Guide des services aux familles",
        "Éditer un guide papier et en ligne des services aux familles (modes d'accueil, "
        "loisirs, soutien à la parentalité, accès aux droits), remis à la naissance et à "
        "l'inscription scolaire.",
        (PAR, PE, DROITS),
        (P.FAMILLES,),
        "epci",
        ("caf", "cd", "msa"),
        (
            "Recensement des services",
            "Maquette et relecture par des parents",
            "Impression et diffusion",
        ),
        (FONCT, 5000, "Conception et impression"),
        participation=Participation.CONSULTATION,
    ),
    Fiche(
        "semaine_parentalite",
        "par",
        ("par_reseau", "par_lieux"),
        "Semaine de la parentalité",
        "Chaque année, une semaine d'animations gratuites dans tout le territoire, "
        "construite avec des parents bénévoles.",
        (PAR,),
        (P.PARENTS, P.FAMILLES),
        "asso_parents",
        ("caf", "centre_social", "ludotheque"),
        (
            "Comité d'organisation avec des parents",
            "Programme et communication",
            "Semaine d'animations",
            "Bilan avec les partenaires",
        ),
        (FONCT, 6000, "Animations"),
        participation=Participation.CO_CONSTRUCTION,
    ),
    Fiche(
        "conf_protection",
        "par",
        ("par_soutien", "par_reseau"),
        "Coordination autour des familles en grande difficulté éducative",
        "Une instance de coordination entre la PMI, l'aide sociale à l'enfance et les "
        "structures d'accueil pour les familles repérées comme fragiles, dans le respect "
        "du secret professionnel partagé.",
        (PAR,),
        (P.FAMILLES, P.PROFESSIONNELS),
        "cd",
        ("caf", "centre_social"),
        (
            "Charte de partage d'informations",
            "Première réunion de l'instance",
            "Bilan annuel anonymisé",
        ),
        (FONCT, 3000, "Coordination"),
        confidential=True,
    ),
    # --- Vie sociale et accès aux droits ------------------------------------------
    Fiche(
        "projet_social",
        "avs",
        ("avs_structures",),
        "{centre_social} : renouvellement du projet social",
        "Accompagner le centre social dans son diagnostic et l'écriture de son projet "
        "social, en associant habitants et partenaires, en vue du renouvellement de "
        "l'agrément Caf.",
        (AVS,),
        (P.HABITANTS, P.FAMILLES),
        "centre_social",
        ("caf", "epci", "commune"),
        (
            "Diagnostic partagé avec les habitants",
            "Écriture du projet social",
            "Présentation à la commission d'agrément de la Caf",
        ),
        (FONCT, 12000, "Accompagnement au renouvellement"),
        participation=Participation.CONCERTATION,
    ),
    Fiche(
        "evs_creation",
        "avs",
        ("avs_structures", "avs_participation"),
        "Création d'un espace de vie sociale à {commune}",
        "Accompagner un collectif d'habitants et l'association locale dans la "
        "préfiguration d'un EVS : diagnostic, projet, recherche de locaux et demande "
        "d'agrément.",
        (AVS,),
        (P.HABITANTS,),
        "evs",
        ("caf", "commune", "msa"),
        (
            "Réunions publiques avec les habitants",
            "Écriture du projet d'EVS",
            "Demande d'agrément à la Caf",
            "Ouverture de l'EVS",
        ),
        (FONCT, 15000, "Poste de coordination"),
        participation=Participation.CO_CONSTRUCTION,
        commune=True,
    ),
    Fiche(
        "ludotheque",
        "avs",
        ("avs_participation",),
        "Ludothèque itinérante intercommunale",
        "Faire circuler une ludothèque dans les villages et les quartiers pour créer du lien "
        "entre générations autour du jeu.",
        (AVS, PAR),
        (P.FAMILLES, P.HABITANTS),
        "ludotheque",
        ("caf", "commune"),
        (
            "Achat d'un véhicule aménagé",
            "Calendrier des tournées",
            "Première tournée",
        ),
        (INVEST, 35000, "Véhicule et jeux"),
    ),
    Fiche(
        "permanences_droits",
        "avs",
        ("avs_droits",),
        "Permanences d'accès aux droits dans les communes",
        "Des permanences mensuelles Caf, CPAM, MSA et conseil départemental dans les mairies "
        "et les centres sociaux, avec prise de rendez-vous par le secrétariat de mairie.",
        (DROITS,),
        (P.FAMILLES, P.HABITANTS),
        "centre_social",
        ("caf", "cpam", "msa", "cd"),
        (
            "Convention entre les organismes",
            "Calendrier des permanences",
            "Formation des secrétaires de mairie",
            "Bilan de fréquentation",
        ),
        (FONCT, 8000, "Organisation des permanences"),
    ),
    Fiche(
        "france_services",
        "avs",
        ("avs_droits",),
        "Ouverture d'un espace France services",
        "Ouvrir un espace France services avec deux agents formés, pour accompagner les "
        "démarches administratives (prestations, retraite, impôts, titres) au plus près des "
        "habitants.",
        (DROITS,),
        (P.HABITANTS, P.FAMILLES),
        "france_services",
        ("caf", "cpam", "msa", "epci"),
        (
            "Dossier de labellisation France services",
            "Aménagement de l'accueil",
            "Formation des agents",
            "Ouverture au public",
        ),
        (FONCT, 30000, "Postes d'agents d'accueil"),
    ),
    Fiche(
        "numerique",
        "avs",
        ("avs_droits",),
        "Accompagnement au numérique pour les démarches en ligne",
        "Des ateliers d'initiation et un accompagnement individuel par un conseiller "
        "numérique, pour que les familles gèrent elles-mêmes leur espace Caf et leurs "
        "démarches.",
        (DROITS,),
        (P.HABITANTS, P.PARENTS),
        "france_services",
        ("caf", "centre_social2"),
        (
            "Recrutement d'un conseiller numérique",
            "Programme d'ateliers",
            "Bilan des accompagnements",
        ),
        (FONCT, 9000, "Ateliers numériques"),
    ),
    Fiche(
        "logement_jeunes",
        "avs",
        ("avs_droits",),
        "Accès au logement des jeunes et des saisonniers",
        "Développer une offre de logements temporaires et un service d'information logement "
        "pour les jeunes en apprentissage et les travailleurs saisonniers.",
        (LOGEMENT, EJ),
        (P.JEUNES_18_25,),
        "asso_jeunes",
        ("epci", "caf", "cd"),
        (
            "Recensement des logements vacants mobilisables",
            "Ouverture du service d'information logement",
            "Premières mises en location",
        ),
        (FONCT, 12000, "Service d'information logement"),
        only=("chambery", "arlysere"),
    ),
    Fiche(
        "mobilite",
        "avs",
        ("avs_droits", "avs_participation"),
        "Transport solidaire vers les services",
        "Un réseau de chauffeurs bénévoles emmène les habitants sans véhicule aux "
        "permanences, à la crèche ou au centre social.",
        (AVS, DROITS),
        (P.HABITANTS,),
        "evs",
        ("msa", "commune"),
        (
            "Appel à chauffeurs bénévoles",
            "Charte et assurance",
            "Premiers trajets",
        ),
        (FONCT, 4000, "Défraiement des bénévoles"),
        participation=Participation.CO_CONSTRUCTION,
        only=("arlysere", "coeur-de-savoie"),
    ),
    Fiche(
        "fonds_habitants",
        "avs",
        ("avs_participation",),
        "Fonds de participation des habitants",
        "Une enveloppe annuelle finance de petites initiatives d'habitants (repas partagés, "
        "fêtes de quartier, jardins), attribuées par un comité d'habitants.",
        (AVS,),
        (P.HABITANTS,),
        "centre_social2",
        ("caf", "commune"),
        (
            "Constitution du comité d'habitants",
            "Premier appel à initiatives",
            "Bilan des initiatives soutenues",
        ),
        (FONCT, 5000, "Enveloppe du fonds"),
        participation=Participation.CO_CONSTRUCTION,
    ),
    Fiche(
        "jardins",
        "avs",
        ("avs_participation",),
        "Jardins partagés et repas intergénérationnels",
        "Aménager un jardin partagé près de l'école et organiser des repas entre habitants "
        "de tous âges, avec le club des aînés.",
        (AVS,),
        (P.HABITANTS, P.FAMILLES),
        "evs",
        ("commune", "msa"),
        (
            "Mise à disposition du terrain",
            "Chantier participatif d'aménagement",
            "Premier repas intergénérationnel",
        ),
        (INVEST, 6000, "Aménagement du jardin"),
        participation=Participation.CO_CONSTRUCTION,
    ),
    Fiche(
        "diag_partage",
        "avs",
        ("avs_pilotage",),
        "Diagnostic partagé de territoire",
        "Actualiser le diagnostic de la CTG à partir des données de la Caf, de l'Insee et "
        "des retours des partenaires, et le partager lors d'un séminaire des élus.",
        (AVS, PE, EJ, PAR),
        (P.ELUS, P.PROFESSIONNELS),
        "epci",
        ("caf", "cd", "msa"),
        (
            "Collecte des données",
            "Entretiens avec les partenaires",
            "Séminaire des élus",
            "Diffusion du diagnostic",
        ),
        (FONCT, 10000, "Appui à l'étude"),
        participation=Participation.CONSULTATION,
    ),
    Fiche(
        "pilotage",
        "avs",
        ("avs_pilotage",),
        "Animation des instances de pilotage de la CTG",
        "Organiser le comité de pilotage annuel et les comités techniques thématiques, et "
        "tenir un tableau de bord de suivi du plan d'actions.",
        (AVS,),
        (P.ELUS, P.PROFESSIONNELS),
        "epci",
        ("caf", "cd", "msa"),
        (
            "Comités techniques thématiques",
            "Tableau de bord de suivi",
            "Comité de pilotage annuel",
        ),
        (FONCT, 3000, "Organisation des instances"),
    ),
    Fiche(
        "observatoire",
        "avs",
        ("avs_pilotage",),
        "Observatoire de l'enfance et des familles",
        "Un tableau de bord annuel (naissances, places d'accueil, fréquentation des "
        "structures, allocataires) partagé avec les communes.",
        (AVS, PE),
        (P.ELUS, P.PROFESSIONNELS),
        "epci",
        ("caf", "cd"),
        (
            "Choix des indicateurs avec les partenaires",
            "Convention d'échange de données",
            "Première édition du tableau de bord",
        ),
        (FONCT, 4000, "Traitement des données"),
    ),
    Fiche(
        "conf_evs",
        "avs",
        ("avs_structures",),
        "Médiation sur la gouvernance de l'espace de vie sociale",
        "Des tensions entre le bureau et la salariée fragilisent {evs}. Proposer une "
        "médiation et un accompagnement par la fédération des centres sociaux pour sécuriser "
        "l'agrément.",
        (AVS,),
        (P.HABITANTS,),
        "evs",
        ("caf",),
        (
            "Entretiens individuels avec le bureau et la salariée",
            "Séances de médiation",
            "Point avec la Caf sur l'agrément",
        ),
        (FONCT, 2500, "Médiation"),
        confidential=True,
    ),
    Fiche(
        "conf_subventions",
        "avs",
        ("avs_pilotage", "avs_structures"),
        "Révision des subventions aux associations enfance-jeunesse",
        "Analyser les subventions versées aux associations et préparer des scénarios de "
        "révision à présenter aux élus avant le débat d'orientation budgétaire.",
        (AVS, EJ),
        (P.ELUS,),
        "epci",
        ("caf",),
        (
            "Analyse des comptes des associations",
            "Scénarios de révision",
            "Présentation en bureau communautaire",
        ),
        (FONCT, 4000, "Accompagnement juridique et financier"),
        confidential=True,
    ),
]

# ---------------------------------------------------------------------------
# Follow-up notes, by status.
# ---------------------------------------------------------------------------

NOTES_START = [
    "Réunion de lancement avec {org} : calendrier et répartition des rôles validés.",
    "Lancement de l'action ; {pilot} assure la coordination avec les partenaires.",
    "Premier comité technique : les partenaires confirment leur engagement.",
]
NOTES = {
    ActionStatus.A_VENIR: [
        "Fiche validée en comité technique. Démarrage prévu en {start}.",
        "Premiers contacts pris avec {org} ; une réunion de lancement sera proposée en {start}.",
        "Action inscrite au plan ; le financement reste à confirmer au prochain comité de "
        "pilotage.",
    ],
    ActionStatus.EN_COURS: [
        "Point d'étape : « {step} » est en cours, le calendrier est globalement tenu.",
        "Bonne dynamique partenariale ; bilan intermédiaire à présenter au prochain comité "
        "de pilotage.",
        "Les premiers retours des familles sont positifs ; {org} souhaite poursuivre.",
    ],
    "late": [
        "Retard pris sur « {step} » ; un nouveau point est prévu avec {org}.",
        "L'échéance ne sera pas tenue : « {step} » a pris du retard, un nouveau calendrier "
        "sera proposé aux élus.",
    ],
    ActionStatus.REALISEE: [
        "Action réalisée ; bilan présenté au comité de pilotage, avec des retours positifs "
        "des familles.",
        "Clôture de l'action : objectifs atteints. La reconduction sera étudiée au "
        "renouvellement de la CTG.",
    ],
    ActionStatus.EN_PAUSE: [
        "Action mise en pause dans l'attente du recrutement d'un nouvel animateur.",
        "Mise en pause à la demande des élus, le temps d'arbitrer le budget de l'an prochain.",
    ],
    ActionStatus.BLOQUEE: [
        "Blocage : le local envisagé n'est plus disponible, une autre solution est "
        "recherchée avec la commune.",
        "En attente de la décision de financement du conseil départemental.",
    ],
    ActionStatus.ABANDONNEE: [
        "Action abandonnée : le besoin est désormais couvert par une autre structure du "
        "territoire.",
        "Abandon décidé en comité de pilotage, faute de porteur de projet.",
    ],
}

# ---------------------------------------------------------------------------
# The light plans of the other CTGs: one axis per thématique of the CTG (the first
# three), one objectif per axis, one or two fiches per axis. ``{commune}`` is one of the
# CTG's larger communes, ``{epci}`` its EPCI; the EPCI pilots, the Caf and the département
# are partners.
# ---------------------------------------------------------------------------

LIGHT_PARTNERS = ("caf", "cd")
LIGHT_COMMUNES = 5  # the CTG's larger communes a fiche may be about


def _light(theme: str, key: str, title: str, description: str, **fields: object) -> Fiche:
    return Fiche(
        key=f"light_{key}",
        axis=theme,
        slots=(f"{theme}_light",),
        title=title,
        description=description,
        themes=(theme,),
        pilot_org="epci",
        partners=LIGHT_PARTNERS,
        **fields,  # type: ignore[arg-type]
    )


# thématique → (axis title, objectif, fiches)
LIGHT_AXES: dict[str, tuple[str, str, list[Fiche]]] = {
    PE: (
        "Petite enfance : une offre d'accueil adaptée aux besoins des familles",
        "Développer et qualifier l'offre d'accueil du jeune enfant",
        [
            _light(
                PE,
                "pe_micro_creche",
                "Ouverture d'une micro-crèche à {commune}",
                "Répondre à la demande d'accueil des familles du secteur, où les assistants "
                "maternels ne suffisent plus : étude de besoins, local, gestionnaire.",
                publics=(P.ENFANTS_0_3, P.FAMILLES),
                steps=(
                    "Étude des besoins d'accueil avec le relais petite enfance",
                    "Choix du local avec la commune",
                    "Appel à projets pour le gestionnaire",
                    "Ouverture de la micro-crèche",
                ),
                budget=(INVEST, 60000, "Travaux et équipement du local"),
                commune=True,
            ),
            _light(
                PE,
                "pe_rpe",
                "Relais petite enfance : formation continue des assistants maternels",
                "Un plan de formation annuel et des temps d'échange de pratiques pour les "
                "assistants maternels du territoire.",
                publics=(P.PROFESSIONNELS,),
                steps=(
                    "Recensement des besoins de formation",
                    "Programme de l'année arrêté avec l'organisme de formation",
                    "Sessions de formation",
                    "Bilan avec les assistants maternels",
                ),
                budget=(FONCT, 8000, "Animation et formation"),
            ),
        ],
    ),
    EJ: (
        "Enfance-jeunesse : des loisirs éducatifs pour tous",
        "Harmoniser l'offre de loisirs et aller vers les adolescents",
        [
            _light(
                EJ,
                "ej_pedt",
                "Projet éducatif de territoire intercommunal",
                "Un projet éducatif partagé par les communes, pour des accueils périscolaires "
                "et extrascolaires cohérents.",
                publics=(P.ENFANTS_3_11, P.JEUNES_12_17),
                steps=(
                    "Diagnostic des accueils existants",
                    "Groupes de travail avec les communes",
                    "Rédaction du projet éducatif",
                    "Signature du projet éducatif de territoire",
                ),
                budget=(FONCT, 15000, "Accompagnement et coordination"),
            ),
            _light(
                EJ,
                "ej_ados",
                "Un accueil jeunes itinérant à {commune} et alentour",
                "Aller vers les 12–17 ans des communes éloignées avec un animateur et un "
                "véhicule, en lien avec les collèges.",
                publics=(P.JEUNES_12_17,),
                steps=(
                    "Recrutement de l'animateur",
                    "Achat du véhicule",
                    "Premières permanences dans les communes",
                    "Bilan de la première année",
                ),
                budget=(FONCT, 30000, "Poste d'animateur et fonctionnement"),
                commune=True,
            ),
        ],
    ),
    PAR: (
        "Parentalité : des lieux et des temps pour les parents",
        "Offrir aux parents des espaces d'échange de proximité",
        [
            _light(
                PAR,
                "par_laep",
                "Lieu d'accueil enfants-parents itinérant",
                "Un LAEP qui se déplace dans trois communes, deux matinées par semaine.",
                publics=(P.PARENTS, P.ENFANTS_0_3),
                steps=(
                    "Constitution de l'équipe d'accueillants",
                    "Conventions avec les communes d'accueil",
                    "Ouverture des premières séances",
                    "Bilan avec les familles",
                ),
                budget=(FONCT, 12000, "Accueillants et supervision"),
            ),
            _light(
                PAR,
                "par_semaine",
                "Semaine de la parentalité à {commune}",
                "Conférences, ateliers et cafés des parents avec les acteurs du territoire.",
                publics=(P.PARENTS, P.FAMILLES),
                steps=(
                    "Comité d'organisation avec les partenaires",
                    "Programme et communication",
                    "Semaine de la parentalité",
                ),
                budget=(FONCT, 5000, "Intervenants et communication"),
                commune=True,
            ),
        ],
    ),
    AVS: (
        "Animation de la vie sociale : des lieux de lien et d'initiatives",
        "Conforter les structures d'animation de la vie sociale",
        [
            _light(
                AVS,
                "avs_evs",
                "Création d'un espace de vie sociale à {commune}",
                "Accompagner un collectif d'habitants vers l'agrément d'un espace de vie sociale.",
                publics=(P.HABITANTS, P.FAMILLES),
                steps=(
                    "Diagnostic partagé avec les habitants",
                    "Rédaction du projet social",
                    "Dépôt de la demande d'agrément à la Caf",
                    "Ouverture de l'espace de vie sociale",
                ),
                budget=(FONCT, 20000, "Poste de coordination"),
                commune=True,
            ),
        ],
    ),
    DROITS: (
        "Accès aux droits : aller vers les habitants éloignés des services",
        "Lutter contre le non-recours aux prestations",
        [
            _light(
                DROITS,
                "droits_permanences",
                "Permanences d'accès aux droits dans les communes",
                "Des permanences mensuelles de la Caf et des partenaires, sur rendez-vous, "
                "dans les mairies éloignées de la France services.",
                publics=(P.FAMILLES, P.HABITANTS),
                steps=(
                    "Choix des communes et du calendrier",
                    "Formation des agents d'accueil des mairies",
                    "Premières permanences",
                    "Bilan de fréquentation",
                ),
                budget=(FONCT, 6000, "Déplacements et outils"),
            ),
        ],
    ),
    LOGEMENT: (
        "Logement : prévenir les expulsions et le mal-logement",
        "Repérer et accompagner les familles en difficulté de logement",
        [
            _light(
                LOGEMENT,
                "logement_impayes",
                "Prévention des impayés de loyer avec les bailleurs",
                "Un repérage précoce des impayés et un accompagnement des familles avec les "
                "bailleurs sociaux et le travailleur social de la Caf.",
                publics=(P.FAMILLES,),
                steps=(
                    "Convention avec les bailleurs sociaux",
                    "Circuit de signalement des impayés",
                    "Premiers accompagnements",
                    "Bilan annuel",
                ),
                budget=(FONCT, 7000, "Accompagnement social"),
            ),
        ],
    ),
    HANDICAP: (
        "Handicap : un accueil inclusif des enfants",
        "Faciliter l'accueil des enfants en situation de handicap",
        [
            _light(
                HANDICAP,
                "handicap_pole",
                "Pôle ressources handicap pour les structures d'accueil",
                "Un appui aux crèches et accueils de loisirs qui accueillent un enfant en "
                "situation de handicap : conseils, formation, renfort d'encadrement.",
                publics=(P.PROFESSIONNELS, P.FAMILLES),
                steps=(
                    "Recensement des besoins des structures",
                    "Recrutement de la référente inclusion",
                    "Formation des équipes",
                    "Bilan avec les familles",
                ),
                budget=(FONCT, 18000, "Référente inclusion et renforts"),
            ),
        ],
    ),
}
