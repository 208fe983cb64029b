"""The plan d'actions workbook: its sheets, columns and instructions (« Mode d'emploi »).

* « Fiches » — Référence (« A1.2 »; empty: a new fiche in the row's axis), Axe (« A1 —
  Petite enfance »: only the reference before the dash counts), Objectifs (« O1.1, O1.2 »),
  Intitulé, Description, Statut, Priorité, Pilote (e-mail), Structure pilote (name of an
  organisation of the CTG's Caf), Copilotes (e-mails), Partenaires (names), Élu référent
  (e-mail), Thématiques, Public cible, Participation citoyenne (French labels), Début,
  Fin prévue (dates), Avancement saisi (%), Confidentielle (oui/non).
  Required columns: Référence, Axe, Intitulé. A missing optional column leaves that field
  of existing fiches as it is. Fiches absent from the sheet are left untouched.
* « Axes et objectifs » — Référence (« A2 » or « O2.1 »), Type (Axe/Objectif), Intitulé,
  Description. A reference that does not exist yet is created with that number.
* « Budget » — Référence fiche, Année, Nature, Poste, Financeur, Prévisionnel, Réalisé.
* « Étapes » — Référence fiche, Étape, Échéance, Faite (oui/non).
  When the « Budget » (or « Étapes ») sheet is present, the budget lines (or steps) of every
  fiche of the « Fiches » sheet are replaced by that sheet's rows.
* « Indicateurs » — Nom, Unité, Valeur de référence, Cible, Fiches: for reading only, the
  import ignores it (indicators are managed on their own pages).
* « Mode d'emploi » — these rules, in French; ignored by the import.
"""

from __future__ import annotations

from maillage.core.tabular import AMOUNT, DATE, Column, Limits

FICHES = "Fiches"
AXES = "Axes et objectifs"
BUDGET = "Budget"
STEPS = "Étapes"
INDICATORS = "Indicateurs"
README = "Mode d'emploi"

FICHE_COLUMNS = [
    Column("Référence", 10),
    Column("Axe", 30),
    Column("Objectifs", 16),
    Column("Intitulé", 40),
    Column("Description", 50, wrap=True),
    Column("Statut", 14),
    Column("Priorité", 10),
    Column("Pilote", 28),
    Column("Structure pilote", 28),
    Column("Copilotes", 36),
    Column("Partenaires", 36),
    Column("Élu référent", 28),
    Column("Thématiques", 30),
    Column("Public cible", 30),
    Column("Début", 12, DATE),
    Column("Fin prévue", 12, DATE),
    Column("Avancement saisi (%)", 12),
    Column("Participation citoyenne", 20),
    Column("Confidentielle", 14),
]
AXIS_COLUMNS = [
    Column("Référence", 10),
    Column("Type", 10),
    Column("Intitulé", 50),
    Column("Description", 60),
]
BUDGET_COLUMNS = [
    Column("Référence fiche", 12),
    Column("Année", 8),
    Column("Nature", 16),
    Column("Poste", 30),
    Column("Financeur", 30),
    Column("Prévisionnel", 14, AMOUNT),
    Column("Réalisé", 14, AMOUNT),
]
STEP_COLUMNS = [
    Column("Référence fiche", 12),
    Column("Étape", 50),
    Column("Échéance", 12, DATE),
    Column("Faite", 8),
]
INDICATOR_COLUMNS = [
    Column("Nom", 40),
    Column("Unité", 12),
    Column("Valeur de référence", 14),
    Column("Cible", 14),
    Column("Fiches", 30),
]

REQUIRED = {
    FICHES: ["Référence", "Axe", "Intitulé"],
    AXES: ["Référence", "Type", "Intitulé"],
    BUDGET: ["Référence fiche", "Année", "Nature", "Prévisionnel"],
    STEPS: ["Référence fiche", "Étape"],
}

README_LINES = [
    "Plan d'actions — mode d'emploi du classeur",
    "",
    "Feuille « Fiches » : une ligne par fiche action. Colonnes obligatoires : Référence, "
    "Axe, Intitulé.",
    "Référence vide : une nouvelle fiche est créée dans l'axe de la colonne « Axe ».",
    "La référence d'une fiche (A1.2) doit correspondre à son axe (A1) : une fiche ne change "
    "pas d'axe par import.",
    "Pilote, copilotes, élu référent : adresses e-mail de membres actifs de la CTG.",
    "Structure pilote, partenaires, financeurs : noms exacts d'organisations de la Caf.",
    "Listes (objectifs, copilotes, partenaires, thématiques, publics) : séparées par des virgules.",
    "Dates : cellules de type date, ou texte JJ/MM/AAAA ; au plus un an avant le début ou "
    "après la fin de la CTG.",
    "Statut, priorité, participation, thématiques, publics : libellés tels qu'exportés.",
    "",
    "Feuille « Axes et objectifs » : Type « Axe » (référence A2) ou « Objectif » (référence "
    "O2.1) ; une référence absente du plan est créée avec ce numéro.",
    "Feuilles « Budget » et « Étapes » : elles remplacent le budget et les étapes de chaque "
    "fiche de la feuille « Fiches ».",
    "Feuille « Indicateurs » : pour information, elle n'est pas importée.",
    "",
    "Une seule ligne en erreur et rien n'est importé : la liste des erreurs indique la "
    "feuille, la ligne et la raison.",
]

SEPARATOR = ", "
YES, NO = "oui", "non"
# The plan's upload: 5 MB; a sheet of more than 10,000 rows is not a plan d'actions.
LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=10_000, max_columns=60)
