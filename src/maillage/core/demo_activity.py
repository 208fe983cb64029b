"""Demo activity: the CDCs' journals and their annual activity reports to the Caf.

For the three detailed CTGs: the CDC's journal over the last twelve months (three to six
entries per working week, none during the summer and Christmas holidays), across the four
missions, the six attendus and the three spheres, some entries linked to a fiche of the
plan, a contact or an organisation of the directory; the held meetings the CDC attended
and part of the logged interactions enter the journal through the journal services, so
they are linked rather than written twice. Last year's report went the whole way between
January and March: written with the year's facts, approved by the élu, transmitted, sent
back once by the référent CDT with comments, completed, transmitted again and validated.
This year's report is a draft with its first sections. The CDC who also works for a fourth
CTG has transmitted last year's report there, awaiting its CDT. The Caf de la Savoie's due
dates: 31 March after each year.

Dates are relative to the real day of loading. Every write goes through the activity
services; the workflow's e-mails are not sent (the steps belong to the past), and the
steps' dates are then set to their place in the timeline. Choices are drawn from a
``random.Random`` seeded with the CTG's slug. Idempotent: a CTG whose CDC already has
journal entries keeps its journal, and a report that exists is left as it is.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import CafRole, ConventionRole
from maillage.accounts.models import CafMembership, ConventionMembership, User
from maillage.activity import facts as report_facts
from maillage.activity import notifications, services
from maillage.activity.models import ActivityReport, JournalEntry, ReportEvent, ReportSection
from maillage.conventions.models import Convention
from maillage.core.facts import Fact
from maillage.core.referentiel import DESCRIPTION, Attendu, Mission, Sphere
from maillage.governance.enums import Attendance, BodyKind, MeetingStatus
from maillage.governance.models import Meeting
from maillage.network.models import Contact, Interaction, Partner
from maillage.organisations.models import Caf, Organisation
from maillage.plans.models import Action

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
     "Rencontre avec le maire de {commune} au sujet d'un projet d'accueil du jeune enfant",
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
     "Stand de la CTG au forum des associations de {commune}", "commune", (9,)),
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


@dataclass
class Links:
    """What a CTG's journal can name: fiches, contacts, organisations, communes."""

    actions: list[Action] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)


@contextmanager
def _without_mail() -> Iterator[None]:
    """The workflow's steps of the demo belong to the past: nobody is e-mailed about them."""
    send = notifications.notify_after_commit
    notifications.notify_after_commit = lambda report, kind: None
    try:
        yield
    finally:
        notifications.notify_after_commit = send


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _working_day(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _holiday(monday: datetime.date) -> bool:
    """The weeks off: three weeks in August and the week of Christmas."""
    sunday = monday + datetime.timedelta(days=6)
    christmas = datetime.date(monday.year, 12, 25)
    return (monday.month == 8 and 4 <= monday.day <= 24) or monday <= christmas <= sunday


def _links(convention: Convention) -> Links:
    return Links(
        actions=list(
            Action.objects.filter(plan__convention=convention, confidential=False)
            .select_related("axis", "plan")
            .order_by("axis__number", "number")
        ),
        contacts=list(
            Contact.objects.filter(convention=convention, organisation__isnull=False)
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        ),
        organisations=[
            p.organisation
            for p in Partner.objects.filter(convention=convention)
            .select_related("organisation")
            .order_by("organisation__name")
        ],
        communes=list(
            convention.communes.order_by("-population", "name").values_list("name", flat=True)[:10]
        )
        or [convention.name],
    )


def _entry(
    rng: random.Random, links: Links, day: datetime.date, attendus: set[str]
) -> dict[str, object]:
    """One entry of the journal on a day: a task of the season, with what it names.

    While some attendus (``attendus``) have no entry yet in the day's year, the task is one
    of them: every year of the journal, even a few weeks of it, covers the six attendus.
    """
    tasks = [t for t in TASKS if (not t[6] or day.month in t[6])]
    if attendus:
        tasks = [t for t in tasks if t[1] in attendus] or tasks
    while True:
        mission, attendu, sphere, minutes, text, link, _months = rng.choice(tasks)
        if link == "fiche" and not links.actions:
            continue
        if link == "contact" and not links.contacts:
            continue
        if link == "org" and not links.organisations:
            continue
        break
    data: dict[str, object] = {
        "date": day,
        "duration": rng.choice(minutes),
        "mission": mission,
        "attendu": attendu,
        "sphere": sphere,
    }
    values = {"commune": rng.choice(links.communes)}
    if link == "fiche":
        action = rng.choice(links.actions)
        data["action"] = action
        values["fiche"] = f"{action.reference} « {action.title} »"
    elif link == "contact":
        contact = rng.choice(links.contacts)
        data["contact"], data["organisation"] = contact, contact.organisation
        values["contact"] = f"{contact.first_name} {contact.last_name}".strip()
        values["org"] = contact.organisation.name
    elif link == "org":
        organisation = rng.choice(links.organisations)
        data["organisation"] = organisation
        values["org"] = organisation.name
    data["description"] = text.format(**values)[:500]
    return data


def _journal(slug: str, convention: Convention, cdc: User, today: datetime.date) -> None:
    """Twelve months of the CDC's work, then the meetings and interactions it took part in."""
    rng = random.Random(f"activity-{slug}")  # noqa: S311 — a reproducible demo, not a secret
    links = _links(convention)
    first = today - datetime.timedelta(days=364)
    monday = first - datetime.timedelta(days=first.weekday())
    missing: dict[int, set[str]] = {}
    while monday <= today:
        if not _holiday(monday):
            days = [
                day
                for day in (monday + datetime.timedelta(days=n) for n in range(5))
                if first <= day <= today and (day.month, day.day) not in PUBLIC_HOLIDAYS
            ]
            # Three to six entries in a full week, fewer in a week cut short.
            count = round(rng.randint(3, 6) * len(days) / 5)
            for day in sorted(rng.choices(days, k=count)) if days else []:
                pending = missing.setdefault(day.year, set(Attendu.values))
                data = _entry(rng, links, day, pending)
                pending.discard(str(data["attendu"]))
                services.journal_create(convention=convention, by=cdc, **data)
        monday += datetime.timedelta(days=7)

    attended = (
        Meeting.objects.filter(
            status=MeetingStatus.TENUE,
            start__date__gte=first,
            start__date__lte=today,
            invitations__user=cdc,
            invitations__status=Attendance.PRESENT,
        )
        .filter(body__convention=convention)
        .select_related("body")
        .order_by("start")
    )
    network = Meeting.objects.filter(
        status=MeetingStatus.TENUE,
        start__date__gte=first,
        start__date__lte=today,
        body__caf_id=convention.caf_id,
        body__kind=BodyKind.RESEAU_CDC,
        invitations__user=cdc,
        invitations__status=Attendance.PRESENT,
    ).select_related("body")
    for meeting in [*attended, *network.order_by("start")]:
        services.journal_from_meeting(meeting=meeting, convention=convention, by=cdc)

    interactions = list(
        Interaction.objects.filter(convention=convention, date__gte=first, date__lte=today)
        .select_related("convention")
        .order_by("date", "pk")
    )
    for interaction in rng.sample(interactions, k=round(len(interactions) * INTERACTION_SHARE)):
        services.journal_from_interaction(interaction=interaction, by=cdc)


def _sections(report: ActivityReport) -> dict[str, ReportSection]:
    return {s.key: s for s in ReportSection.objects.filter(report=report).select_related("report")}


def _quoted(items: list[Fact]) -> int | None:
    """The facts worth quoting in the text: all of them (None) when each says something,
    otherwise the first one that does."""
    telling = [n for n, f in enumerate(items) if not f.label.startswith("Aucun")]
    if len(telling) == len(items):
        return None
    return telling[0] if telling else 0


def _write(
    section: ReportSection,
    by: User,
    before: str,
    after: str,
    facts: list[int | None],
) -> ReportSection:
    """Quote some of the section's facts (None: all of them), then write the CDC's text
    around them."""
    for index in facts:
        section = services.section_insert_facts(section=section, by=by, index=index)
    quoted = section.text
    text = "\n\n".join(part for part in (before, quoted, after) if part)
    return services.section_save(section=section, by=by, text=text)


def _steps(
    first: datetime.date, plan: list[tuple[str, int, int]]
) -> list[tuple[str, datetime.datetime]]:
    """Working days in order: each step some days after the previous one, at an hour."""
    moments, day = [], first
    for name, days, hour in plan:
        day = _working_day(day + datetime.timedelta(days=days))
        moments.append((name, _at(day, hour)))
    return moments


def _past(moments: list[datetime.datetime]) -> list[datetime.datetime]:
    """The moments as planned, or moved back together so that the last one is a day ago
    (a demo loaded before the end of March)."""
    latest = timezone.now() - datetime.timedelta(days=1)
    if not moments or moments[-1] <= latest:
        return moments
    shift = datetime.timedelta(days=(moments[-1] - latest).days + 1)
    return [moment - shift for moment in moments]


def _timeline(report: ActivityReport, steps: list[datetime.datetime], **fields: object) -> None:
    """Place the report's steps, in order, at the given moments (and its dates with them)."""
    events = list(ReportEvent.objects.filter(report=report).order_by("pk"))
    for event, moment in zip(events, steps, strict=True):
        ReportEvent.objects.filter(pk=event.pk).update(at=moment)
    ActivityReport.objects.filter(pk=report.pk).update(**fields)


def _last_year(
    slug: str, index: int, convention: Convention, cdc: User, today: datetime.date
) -> None:
    year = today.year - 1
    if ActivityReport.objects.filter(convention=convention, author=cdc, year=year).exists():
        return
    rng = random.Random(f"report-{slug}-{year}")  # noqa: S311 — a reproducible demo
    elu = (
        ConventionMembership.objects.filter(
            convention=convention, role=ConventionRole.ELU, is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    cdt = convention.cdt
    values = {
        "year": year,
        "next": today.year,
        "ctg": convention.name,
        "focus": FOCUS.get(slug, "la mise en œuvre du plan d'actions"),
    }
    report = services.report_start(convention=convention, by=cdc, year=year)
    facts = report_facts.gather(services.scope_of(report))
    for key, section in _sections(report).items():
        before, after = LAST_YEAR[key]
        _write(section, cdc, before.format(**values), after.format(**values), [_quoted(facts[key])])
    if elu:
        services.report_approve(report=report, by=elu.user)
    report = services.report_transmit(
        report=report,
        by=cdc,
        note=f"Rapport {year}, approuvé par l'élu·e référent·e." if elu else "",
    )
    returned = RETURNED.get(slug, (A.EVALUATION,))
    report = services.report_return(
        report=report,
        by=cdt,
        comments={key: COMMENTS[key][0] for key in returned},
        note=RETURN_NOTE,
    )
    sections = _sections(report)
    for key in returned:
        answer = COMMENTS[key][1].format(answers=rng.randint(180, 320))
        services.section_save(
            section=sections[key], by=cdc, text=f"{sections[key].text}\n\n{answer}"
        )
    if elu:
        services.report_approve(report=report, by=elu.user)
    report = services.report_transmit(
        report=report, by=cdc, note="Rapport complété selon vos commentaires."
    )
    report = services.report_validate(
        report=report, by=cdt, note="Rapport validé : merci pour les précisions apportées."
    )

    # January to March of this year, a few days apart from one CTG to the next.
    planned = _steps(
        datetime.date(today.year, 1, 8 + 2 * index),
        [
            ("started", 0, 9),
            *([("approved", 38, 11)] if elu else []),
            ("sent", 2, 15),
            ("returned", 12, 14),
            ("completed", 4, 16),
            *([("approved", 3, 10)] if elu else []),
            ("sent", 1, 9),
            ("validated", 6, 11),
        ],
    )
    moments = list(zip([name for name, _ in planned], _past([m for _, m in planned]), strict=True))
    _timeline(
        report,
        [moment for name, moment in moments if name != "completed"],
        created_at=moments[0][1],
        text_updated_at=next(m for name, m in moments if name == "completed"),
        approved_at=max((m for name, m in moments if name == "approved"), default=None),
        facts_frozen_at=max(m for name, m in moments if name == "sent"),
    )


def _this_year(slug: str, convention: Convention, cdc: User, today: datetime.date) -> None:
    year = today.year
    if ActivityReport.objects.filter(convention=convention, author=cdc, year=year).exists():
        return
    values = {
        "year": year,
        "today": today,
        "focus": FOCUS.get(slug, "la mise en œuvre du plan d'actions"),
    }
    report = services.report_start(convention=convention, by=cdc, year=year)
    facts = report_facts.gather(services.scope_of(report))
    sections = _sections(report)
    for key, quote, before, after in THIS_YEAR:
        chosen = [None if key == DESCRIPTION else _quoted(facts[key])]
        _write(
            sections[key],
            cdc,
            before.format(**values),
            after.format(**values),
            chosen if quote else [],
        )
    day = max(datetime.date(year, 1, 2), today - datetime.timedelta(days=24))
    started = _past([_at(_working_day(day), 10)])[0]
    _timeline(report, [started], created_at=started)


def _transmitted(convention: Convention, cdc: User, today: datetime.date) -> None:
    """A short report on last year, transmitted just before the due date, not yet reviewed."""
    year = today.year - 1
    if ActivityReport.objects.filter(convention=convention, author=cdc, year=year).exists():
        return
    report = services.report_start(convention=convention, by=cdc, year=year)
    facts = report_facts.gather(services.scope_of(report))
    for key, section in _sections(report).items():
        if key in SHORT:
            quoted = [_quoted(facts[key])] if key in SHORT_FACTS else []
            _write(section, cdc, SHORT[key], "", quoted)
    report = services.report_transmit(report=report, by=cdc)
    started, sent = _past(
        [
            _at(_working_day(datetime.date(today.year, 3, 2)), 14),
            _at(_working_day(datetime.date(today.year, 3, 27)), 17),
        ]
    )
    _timeline(
        report, [started, sent], created_at=started, text_updated_at=sent, facts_frozen_at=sent
    )


def _due_dates(caf: Caf, today: datetime.date) -> None:
    """Reports on a year are due on 31 March of the next year."""
    admin = (
        CafMembership.objects.filter(caf=caf, role=CafRole.CAF_ADMIN, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return
    for year in (today.year - 1, today.year):
        services.due_date_set(
            caf=caf, by=admin.user, year=year, due_date=datetime.date(year + 1, 3, 31)
        )


def _cdc(convention: Convention) -> User | None:
    membership = (
        ConventionMembership.objects.filter(
            convention=convention, role=ConventionRole.CDC, is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def load_demo_activity(conventions: dict[str, Convention]) -> None:
    """Write the journals and reports of the detailed CTGs (by team slug) and of their
    Caf's other CTGs that have a CDC."""
    today = timezone.localdate()
    detailed = {c.pk for c in conventions.values()}
    with _without_mail(), transaction.atomic():
        for caf in Caf.objects.filter(conventions__in=detailed).distinct().order_by("pk"):
            _due_dates(caf, today)
        for index, (slug, convention) in enumerate(conventions.items()):
            cdc = _cdc(convention)
            if cdc is None:
                continue
            if not JournalEntry.objects.filter(convention=convention, author=cdc).exists():
                _journal(slug, convention, cdc, today)
            _last_year(slug, index, convention, cdc, today)
            _this_year(slug, convention, cdc, today)
        others = (
            Convention.objects.filter(caf__conventions__in=detailed)
            .exclude(pk__in=detailed)
            .distinct()
            .select_related("cdt")
            .order_by("name")
        )
        for convention in others:
            cdc = _cdc(convention)
            if cdc is not None and convention.cdt_id:
                _transmitted(convention, cdc, today)
