"""The CDCs' activity: what their weeks are made of, and the texts of their annual reports.

``TASKS`` are the journal's entries: ``{fiche}``, ``{contact}``, ``{org}`` and ``{commune}``
(``{de_commune}`` after « de », elided if need be) in a description are what the entry
links. The reports' texts name ``{year}``, ``{next}`` (the year after), ``{ctg}``,
``{focus}`` and ``{today}``.
"""

from __future__ import annotations

from maillage.core.referentiel import DESCRIPTION, Attendu, Mission, Sphere

M, A, S = Mission, Attendu, Sphere

# What the CDC's week is made of: (mission, attendu, sphere, durations in minutes,
# description, link, months). The link is what the description names: a fiche, a contact
# (and their organisation), an organisation, a commune, or nothing. ``months`` limits a
# seasonal task to part of the year.
TASKS: list[tuple[str, str, str, tuple[int, ...], str, str, tuple[int, ...]]] = [
    # Diagnostics
    (M.OFFRE, A.DIAGNOSTICS, S.TECHNIQUE, (90, 120, 180),
     "Mise à jour du diagnostic petite enfance : places d'accueil et taux de couverture "
     "par commune", "", ()),
    (M.OFFRE, A.DIAGNOSTICS, S.TECHNIQUE, (60, 90, 120),
     "Extraction et analyse des données de la Caf (familles allocataires, familles "
     "monoparentales, bénéficiaires de l'AEEH) pour l'actualisation du diagnostic", "", ()),
    (M.POLITIQUES, A.DIAGNOSTICS, S.STRATEGIQUE, (120, 180, 240),
     "Rédaction de la synthèse du diagnostic partagé à présenter au comité de pilotage",
     "", (9, 10, 11)),
    (M.POPULATION, A.DIAGNOSTICS, S.TECHNIQUE, (60, 90, 120),
     "Dépouillement des réponses au questionnaire aux familles sur les besoins de garde",
     "", (3, 4, 5)),
    (M.OFFRE, A.DIAGNOSTICS, S.TECHNIQUE, (45, 60, 90),
     "Entretien avec {contact} ({org}) : besoins repérés sur le terrain", "contact", ()),
    (M.RESEAU, A.DIAGNOSTICS, S.TECHNIQUE, (120, 150, 180),
     "Atelier de diagnostic jeunesse avec les animateurs des accueils de loisirs à {commune}",
     "commune", ()),
    # Élus and comités de pilotage
    (M.POLITIQUES, A.ELUS, S.POLITIQUE, (45, 60, 90),
     "Point mensuel avec l'élu·e référent·e de la CTG : avancement du plan d'actions", "", ()),
    (M.POLITIQUES, A.ELUS, S.POLITIQUE, (60, 90),
     "Note aux élus sur la fiche {fiche}", "fiche", ()),
    (M.POLITIQUES, A.ELUS, S.STRATEGIQUE, (120, 180, 240),
     "Préparation du diaporama et des documents du comité de pilotage", "", (10, 11)),
    (M.POLITIQUES, A.ELUS, S.POLITIQUE, (60, 90, 120),
     "Commission enfance-jeunesse de la communauté : présentation de l'avancement de la CTG",
     "", ()),
    (M.OFFRE, A.ELUS, S.POLITIQUE, (60, 90),
     "Rencontre avec le maire {de_commune} au sujet d'un projet d'accueil du jeune enfant",
     "commune", ()),
    (M.POLITIQUES, A.ELUS, S.STRATEGIQUE, (30, 45, 60),
     "Point avec le CDT de la Caf : calendrier du COPIL et bilan annuel de la CTG", "", ()),
    # Objectifs prioritaires du projet de territoire
    (M.POLITIQUES, A.OBJECTIFS, S.TECHNIQUE, (45, 60, 90),
     "Suivi de la fiche {fiche} avec son pilote : étapes, calendrier et budget", "fiche", ()),
    (M.OFFRE, A.OBJECTIFS, S.TECHNIQUE, (90, 120, 180),
     "Accompagnement du porteur de la fiche {fiche} : dossier de demande de financement",
     "fiche", ()),
    (M.OFFRE, A.OBJECTIFS, S.TECHNIQUE, (90, 120),
     "Visite du local pressenti pour un projet d'accueil à {commune}", "commune", ()),
    (M.POLITIQUES, A.OBJECTIFS, S.TECHNIQUE, (15, 30, 45),
     "Mise à jour des fiches actions et de leurs étapes dans Maillage", "", ()),
    (M.OFFRE, A.OBJECTIFS, S.STRATEGIQUE, (120, 180),
     "Travail sur le schéma de développement de l'offre d'accueil du jeune enfant", "", ()),
    (M.POLITIQUES, A.OBJECTIFS, S.TECHNIQUE, (90, 120, 180),
     "Rédaction du cahier des charges de la fiche {fiche}", "fiche", ()),
    # Contractualisation, partenariats, réseaux professionnels
    (M.RESEAU, A.PARTENARIATS, S.TECHNIQUE, (60, 90),
     "Rencontre avec {contact} ({org}) : présentation de la CTG et pistes de collaboration",
     "contact", ()),
    (M.RESEAU, A.PARTENARIATS, S.TECHNIQUE, (120, 150, 180),
     "Animation du réseau des professionnels de la parentalité du territoire", "", ()),
    (M.RESEAU, A.PARTENARIATS, S.STRATEGIQUE, (90, 120),
     "Coordination avec le Département (PMI, service social) sur les actions communes", "", ()),
    (M.RESEAU, A.PARTENARIATS, S.TECHNIQUE, (30, 45, 60),
     "Échanges avec {org} sur la convention de partenariat", "org", ()),
    (M.RESEAU, A.PARTENARIATS, S.TECHNIQUE, (60, 90, 120),
     "Préparation de la lettre d'information aux partenaires de la CTG", "", ()),
    (M.POLITIQUES, A.PARTENARIATS, S.STRATEGIQUE, (60, 90, 120),
     "Montage du plan de financement de la fiche {fiche} avec la Caf et le Département",
     "fiche", ()),
    (M.RESEAU, A.PARTENARIATS, S.TECHNIQUE, (15, 20, 30),
     "Appel à {contact} ({org}) : relance sur les suites de la dernière rencontre",
     "contact", ()),
    # Relations avec la population
    (M.POPULATION, A.POPULATION, S.TECHNIQUE, (180, 240),
     "Stand de la CTG au forum des associations {de_commune}", "commune", (9,)),
    (M.POPULATION, A.POPULATION, S.TECHNIQUE, (60, 90, 120),
     "Préparation du questionnaire aux familles sur les besoins de garde", "", (1, 2, 3)),
    (M.POPULATION, A.POPULATION, S.TECHNIQUE, (120, 150),
     "Café des parents à {commune} : animation et recueil de la parole des familles",
     "commune", ()),
    (M.POPULATION, A.POPULATION, S.POLITIQUE, (120, 180),
     "Réunion publique d'information sur le projet de territoire à {commune}", "commune", ()),
    (M.POPULATION, A.POPULATION, S.TECHNIQUE, (30, 45, 60),
     "Mise à jour de la page de la CTG sur le site de la communauté et du guide des services "
     "aux familles", "", ()),
    (M.POPULATION, A.POPULATION, S.POLITIQUE, (90, 120),
     "Rencontre avec le conseil des jeunes : attentes en matière de loisirs et de mobilité",
     "", ()),
    # Évaluation
    (M.POLITIQUES, A.EVALUATION, S.TECHNIQUE, (30, 45, 60),
     "Saisie et vérification des valeurs des indicateurs de la CTG", "", ()),
    (M.POLITIQUES, A.EVALUATION, S.STRATEGIQUE, (120, 180),
     "Préparation du bilan annuel de la CTG : lecture des indicateurs", "", (10, 11, 12)),
    (M.POLITIQUES, A.EVALUATION, S.TECHNIQUE, (60, 90),
     "Construction des outils d'évaluation de la fiche {fiche} avec son pilote", "fiche", ()),
    (M.OFFRE, A.EVALUATION, S.TECHNIQUE, (60, 90, 120),
     "Analyse de la fréquentation des accueils de loisirs de l'été", "", (9, 10)),
    (M.POLITIQUES, A.EVALUATION, S.STRATEGIQUE, (120, 180, 240),
     "Rédaction du rapport d'activité annuel pour la Caf", "", (1, 2, 3)),
    # Autres
    ("", A.AUTRE, "", (30, 45, 60),
     "Réunion d'équipe du service enfance-jeunesse", "", ()),
    ("", A.AUTRE, S.TECHNIQUE, (180, 240),
     "Formation « Animer une démarche participative » proposée par la Caf", "", ()),
    ("", A.AUTRE, "", (15, 30, 45),
     "Tâches administratives : courriers, classement, agenda", "", ()),
    (M.RESEAU, A.AUTRE, S.TECHNIQUE, (180, 240),
     "Journée départementale des chargés de coopération", "", (6, 12)),
    ("", A.AUTRE, "", (15, 30),
     "Veille documentaire : circulaires de la Cnaf et appels à projets", "", ()),
]  # fmt: skip

# The public holidays that fall on a fixed day (a journal has no entry on these days).
PUBLIC_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}

# Share of the CTG's interactions of the last twelve months that enter the journal.
INTERACTION_SHARE = 0.4

# What each detailed CTG's reports put forward.
FOCUS = {
    "chambery": "l'ouverture de places d'accueil du jeune enfant dans les secteurs "
    "sous-dotés et le soutien à la parentalité",
    "arlysere": "l'accès des jeunes aux loisirs dans les vallées et la coordination des "
    "accueils de loisirs",
    "coeur-de-savoie": "l'accès aux droits des familles et l'accueil du jeune enfant dans "
    "les communes rurales",
}

# Last year's report: each section's text before and after the facts it quotes.
LAST_YEAR: dict[str, tuple[str, str]] = {
    DESCRIPTION: (
        "En {year}, mon poste de chargé·e de coopération de la {ctg} a été consacré pour "
        "l'essentiel à la mise en œuvre du plan d'actions, autour des deux priorités fixées "
        "par le comité de pilotage : {focus}.\n\n"
        "Le journal d'activité n'est tenu dans Maillage que depuis la fin de l'année : les "
        "temps ci-dessous ne couvrent que les dernières semaines et ne donnent qu'une idée "
        "partielle de la répartition de l'année.",
        "Au-delà de ces chiffres, l'année a été marquée par la consolidation du comité "
        "technique, devenu le lieu de suivi régulier des fiches avec leurs pilotes, et par "
        "un travail de fond avec les communes pour partager le diagnostic. Le temps passé "
        "avec les partenaires reste important : il conditionne l'avancement des actions "
        "qu'ils portent.",
    ),
    A.DIAGNOSTICS: (
        "Le diagnostic initial de la CTG a été actualisé sur deux volets : l'offre d'accueil "
        "du jeune enfant (places et taux de couverture par commune), à partir des données de "
        "la Caf et de l'Insee, et les besoins des familles, grâce à un questionnaire diffusé "
        "dans les écoles et les structures.",
        "L'actualisation du diagnostic jeunesse n'a pas pu être menée à son terme faute de "
        "données à jour sur la fréquentation des accueils de loisirs ; elle est inscrite au "
        "programme de {next}.",
    ),
    A.ELUS: (
        "Le lien avec les élus s'est fait à trois niveaux : des points réguliers avec l'élu·e "
        "référent·e de la CTG, environ une fois par mois ; la présentation de l'avancement en "
        "commission enfance-jeunesse ; la préparation du comité de pilotage annuel avec le "
        "CDT de la Caf.",
        "Le comité de pilotage a validé le bilan de l'année et les ajustements du plan "
        "proposés pour {next}. J'ai accompagné les élus dans la lecture des indicateurs et "
        "dans le choix des fiches à prioriser au regard des moyens disponibles.",
    ),
    A.OBJECTIFS: (
        "J'ai accompagné les pilotes des fiches actions dans leur mise en œuvre : appui "
        "méthodologique, montage des dossiers de financement, suivi des étapes en comité "
        "technique.",
        "Les principales difficultés tiennent au recrutement de professionnels de la petite "
        "enfance, qui retarde l'ouverture de places, et à la disponibilité de certains "
        "porteurs associatifs. Deux fiches ont été reportées en accord avec les élus.",
    ),
    A.PARTENARIATS: (
        "Le travail de réseau s'est appuyé sur l'annuaire des partenaires de la CTG, enrichi "
        "au fil de l'année, et sur des rencontres régulières avec les structures (centres "
        "sociaux, EAJE, accueils de loisirs, associations de parents), le Département et la "
        "MSA.",
        "Les réunions du réseau des chargés de coopération de la Caf ont permis d'échanger "
        "sur nos pratiques. La difficulté reste de mobiliser les partenaires les plus "
        "éloignés du centre du territoire, que je rencontre désormais sur place.",
    ),
    A.POPULATION: (
        "La population a été associée par un questionnaire aux familles sur les besoins de "
        "garde, par des cafés des parents animés avec le centre social et par la présence de "
        "la CTG aux forums des associations.",
        "Les familles les plus éloignées des structures restent difficiles à toucher : des "
        "temps d'échange dans les petites communes sont prévus en {next}.",
    ),
    A.EVALUATION: (
        "Le suivi des indicateurs de la CTG a été organisé avec les pilotes des fiches : "
        "chaque indicateur a un responsable de la saisie et une date de mise à jour.",
        "Les indicateurs ont été présentés et commentés au comité de pilotage. L'évaluation "
        "qualitative des actions reste à construire : une grille commune sera proposée aux "
        "pilotes.",
    ),
    A.AUTRE: (
        "J'ai par ailleurs suivi les formations proposées par la Caf et participé à la "
        "journée départementale des chargés de coopération.",
        "",
    ),
}

# The référent CDT's comments when sending the report back, and the CDC's answers.
COMMENTS = {
    A.DIAGNOSTICS: (
        "Merci de préciser la méthode et les sources utilisées pour actualiser le diagnostic, "
        "et avec qui les résultats ont été partagés.",
        "Précisions demandées par la Caf : l'actualisation repose sur les données de la Caf "
        "au 31 décembre, les effectifs scolaires transmis par les communes et l'enquête "
        "auprès des familles. Les résultats ont été présentés en comité technique puis aux "
        "élus.",
    ),
    A.POPULATION: (
        "Pouvez-vous préciser combien de familles ont répondu au questionnaire et ce qui a "
        "été fait de leurs réponses ?",
        "Précisions demandées par la Caf : le questionnaire a recueilli {answers} réponses, "
        "dont un tiers de familles des communes rurales ; trois cafés des parents ont réuni "
        "une quarantaine de parents. Les attentes exprimées (horaires atypiques, accueil le "
        "mercredi) ont été reprises dans deux fiches du plan.",
    ),
    A.EVALUATION: (
        "Les indicateurs sont cités sans commentaire : que disent-ils de l'atteinte des "
        "objectifs de la CTG ?",
        "Précisions demandées par la Caf : le taux de couverture en accueil du jeune enfant "
        "progresse conformément à l'objectif, tandis que la fréquentation des actions de "
        "parentalité reste en deçà de la cible ; nous avons donc revu les horaires et les "
        "lieux de ces actions.",
    ),
}
RETURNED = {
    "chambery": (A.POPULATION, A.EVALUATION),
    "arlysere": (A.EVALUATION,),
    "coeur-de-savoie": (A.DIAGNOSTICS, A.POPULATION),
}
RETURN_NOTE = (
    "Merci pour ce rapport. Quelques précisions sont attendues avant la validation : "
    "voir les commentaires sur les sections."
)

# This year's draft: the sections already begun, before and after their facts (if any).
THIS_YEAR: list[tuple[str, bool, str, str]] = [
    (
        DESCRIPTION,
        True,
        "Bilan provisoire au {today:%d/%m/%Y}. L'année {year} a été consacrée à la poursuite "
        "du plan d'actions, avec une attention particulière à {focus}.",
        "À compléter après le comité de pilotage de fin d'année.",
    ),
    (
        A.ELUS,
        True,
        "Les points mensuels avec l'élu·e référent·e se sont poursuivis ; le comité de "
        "pilotage annuel est en préparation avec le CDT de la Caf.",
        "",
    ),
    (
        A.PARTENARIATS,
        False,
        "Plusieurs nouveaux partenaires ont rejoint l'annuaire de la CTG cette année, en "
        "particulier des associations de parents et des structures de l'animation de la vie "
        "sociale. Le réseau des professionnels de la parentalité se réunit désormais chaque "
        "trimestre.",
        "",
    ),
]

# The fourth CTG's report on last year: short texts, transmitted just before the due date.
SHORT = {
    DESCRIPTION: "Première année de suivi de cette CTG, en complément de mon poste "
    "principal : l'essentiel du temps est allé à la préparation du comité de pilotage et à "
    "la rencontre des partenaires.",
    A.DIAGNOSTICS: "Le diagnostic initial n'a pas été actualisé cette année : il le sera "
    "avec le renouvellement de la convention.",
    A.ELUS: "Rencontres avec les élus de la communauté pour préparer le comité de pilotage.",
    A.OBJECTIFS: "Le plan d'actions reste à formaliser fiche par fiche avec les porteurs.",
    A.PARTENARIATS: "Prise de contact avec les structures petite enfance et jeunesse du "
    "territoire.",
    A.POPULATION: "Pas d'action spécifique de participation des habitants cette année.",
    A.EVALUATION: "Les indicateurs de la convention seront suivis à partir de l'an prochain.",
}
SHORT_FACTS = (DESCRIPTION, A.ELUS)

# What a report puts forward when its CTG has no ``FOCUS``.
DEFAULT_FOCUS = "la mise en œuvre du plan d'actions"

# The notes of last year's workflow: the CDC's two transmissions, the CDT's validation.
FIRST_TRANSMISSION_NOTE = "Rapport {year}, approuvé par l'élu·e référent·e."
SECOND_TRANSMISSION_NOTE = "Rapport complété selon vos commentaires."
VALIDATION_NOTE = "Rapport validé : merci pour les précisions apportées."
