"""The compliance table of the Caf's CTGs: COPIL, network, report, plan; Excel export."""

from __future__ import annotations

import datetime
import html
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.governance.enums import BodyKind, MeetingStatus
from maillage.governance.models import Body, Meeting
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ..factories import ConventionFactory, ConventionMembershipFactory


def url(world, query: str = "") -> str:
    return reverse("departement:compliance", args=[world.caf.uuid]) + query


def copil(convention, status: str) -> Meeting:
    body = Body.objects.create(convention=convention, kind=BodyKind.COPIL, name="COPIL")
    start = timezone.now().replace(month=6, day=15, hour=9, minute=0)
    return Meeting.objects.create(
        body=body,
        title="COPIL annuel",
        start=start,
        end=start + datetime.timedelta(hours=2),
        status=status,
    )


def fiches(world, convention, cdc, statuses: list[str]) -> None:
    plan = plan_of(convention)
    axis = plan_services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    for i, status in enumerate(statuses):
        action = plan_services.action_create(
            plan=plan, by=cdc, axis=axis, title=f"Fiche {i}", status=status
        )
        if status == "a_venir":  # a step past its due date: the fiche is late
            yesterday = timezone.localdate() - datetime.timedelta(days=1)
            plan_services.step_add(action=action, by=cdc, name="Étape", due_date=yesterday)


def test_the_caf_admin_sees_every_ctg_with_copil_and_plan_progress(world):
    copil(world.a, MeetingStatus.TENUE)
    copil(world.b, MeetingStatus.PREVUE)
    cdc = world.users["cdc"]
    fiches(world, world.a, cdc, ["realisee", "en_cours", "en_cours", "a_venir"])
    response = world.client("caf_admin").get(url(world))
    assert response.status_code == 200
    rows = {r.convention.name: r for r in response.context["rows"]}
    assert set(rows) == {"CTG Grand Chambéry", "CTG Arlysère"}
    a = rows["CTG Grand Chambéry"]
    assert (a.plan.total, a.plan.done_share, a.plan.ongoing_share, a.plan.late_share) == (
        4,
        25,
        50,
        25,
    )
    assert a.convention.copil_status == "tenu"
    assert rows["CTG Arlysère"].convention.copil_status == "prevu"
    text = html.unescape(response.content.decode())
    assert "4 fiches : 25 % réalisées, 50 % en cours, 25 % en retard" in text
    assert "COPIL tenu" in text and "COPIL prévu" in text


def test_a_cdt_sees_their_ctgs_by_default_and_all_on_request(world):
    client = world.client("cdt")
    names = [r.convention.name for r in client.get(url(world)).context["rows"]]
    assert names == ["CTG Grand Chambéry"]
    names = [r.convention.name for r in client.get(url(world, "?toutes=1")).context["rows"]]
    assert names == ["CTG Arlysère", "CTG Grand Chambéry"]


def test_the_table_filters_by_copil_and_sorts(world):
    copil(world.a, MeetingStatus.TENUE)
    client = world.client("caf_admin")
    rows = client.get(url(world, "?copil=manquant")).context["rows"]
    assert [r.convention.name for r in rows] == ["CTG Arlysère"]
    rows = client.get(url(world, "?tri=-nom")).context["rows"]
    assert [r.convention.name for r in rows] == ["CTG Grand Chambéry", "CTG Arlysère"]
    rows = client.get(url(world, "?copil=inconnu&statut=%3Cx%3E&tri=pirate&cdt=x")).context["rows"]
    assert rows == []  # an unknown CDT matches nothing; the other bad values are ignored


def test_collectivite_roles_may_not_see_the_table(world):
    for role in ["cdc", "elu", "technicien", "partenaire"]:
        assert world.client(role).get(url(world)).status_code == 403


def test_the_excel_export_has_the_rows_of_the_screen(world):
    copil(world.a, MeetingStatus.TENUE)
    fiches(world, world.a, world.users["cdc"], ["realisee", "en_cours"])
    response = world.client("caf_admin").get(
        reverse("departement:compliance_export", args=[world.caf.uuid]) + "?q=chamb"
    )
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in line], strict=True)) for line in ws.iter_rows(2)]
    assert len(rows) == 1
    row = rows[0]
    assert row["CTG"] == "CTG Grand Chambéry"
    assert row["COPIL de l'année"] == "COPIL tenu"
    assert row["Fiches actions"] == 2 and row["Réalisées"] == 0.5
    assert row["CDT référent"] == world.users["cdt"].full_name
    assert row["Chargé(s) de coopération"] == world.users["cdc"].full_name


def test_the_excel_export_writes_formula_looking_names_as_text(world):
    names = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2", "\tCTG"]
    for name in names:
        ConventionFactory(caf=world.caf, name=name)
    response = world.client("caf_admin").get(
        reverse("departement:compliance_export", args=[world.caf.uuid])
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.freeze_panes == "B2" and ws["A1"].font.bold
    cells = {c.value: c.data_type for c in ws["A"][1:]}
    assert {name: cells.get(name) for name in names} == dict.fromkeys(names, "s")
    assert ws["B2"].is_date


def test_the_query_count_does_not_grow_with_ctgs(world):
    client = world.client("caf_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(world)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(6):
        convention = ConventionFactory(caf=world.caf, name=f"CTG test {i}")
        cdc = ConventionMembershipFactory(convention=convention, role="cdc").user
        copil(convention, MeetingStatus.TENUE)
        fiches(world, convention, cdc, ["en_cours"])
    assert count() == small


def test_the_network_participation_of_the_ctgs_cdcs_over_12_months(world):
    from .test_network import held

    held(world, days=-30, present={"cdc"})
    held(world, days=-60, present=set())
    held(world, days=-400, present={"cdc"})  # more than a year ago: not counted
    rows = world.client("caf_admin").get(url(world, "?toutes=1")).context["rows"]
    by_name = {r.convention.name: r for r in rows}
    a = by_name["CTG Grand Chambéry"]
    assert a.participation == (1, 2) and a.participation_rate == 50
    assert by_name["CTG Arlysère"].participation_rate == 0  # its CDC was invited, never came
