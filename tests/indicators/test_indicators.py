"""Indicators: definition, links to the plan, dated values and their chart."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.indicators import services
from maillage.indicators.models import Indicator, Measurement
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of


@pytest.fixture
def indicator(world):
    return services.indicator_save(
        convention=world.a,
        by=world.users["cdc"],
        name="Taux de couverture",
        unit="places pour 100 enfants",
        baseline_value=Decimal("52"),
        baseline_date=datetime.date(2023, 12, 31),
        target_value=Decimal("60"),
        periodicity="annuelle",
    )


def test_a_fiche_of_another_ctg_cannot_be_linked(world, indicator):
    plan_b = plan_of(world.b)
    axis = plan_services.axis_create(plan=plan_b, by=world.users["cdc_b"], title="Axe")
    foreign = plan_services.action_create(
        plan=plan_b, by=world.users["cdc_b"], axis=axis, title="Fiche B"
    )
    with pytest.raises(ValidationError):
        services.indicator_save(
            convention=world.a,
            by=world.users["cdc"],
            indicator=indicator,
            name=indicator.name,
            actions=[foreign],
        )
    assert not indicator.actions.exists()


def test_a_second_value_for_the_same_date_replaces_the_first(world, indicator):
    day = datetime.date(2025, 12, 31)
    services.measurement_add(
        indicator=indicator, by=world.users["cdc"], date=day, value=Decimal("55")
    )
    services.measurement_add(
        indicator=indicator,
        by=world.users["cdc"],
        date=day,
        value=Decimal("56.5"),
        comment="Corrigé",
    )
    assert list(indicator.measurements.values_list("value", "comment")) == [
        (Decimal("56.50"), "Corrigé")
    ]


def test_a_non_numeric_value_is_refused_in_french_and_nothing_is_saved(world, indicator):
    url = reverse("indicators:measurement_add", args=[world.a.uuid, indicator.uuid])
    response = world.client("cdc").post(
        url, {"date": "2025-12-31", "value": "beaucoup"}, follow=True
    )
    assert "Rien n'a été enregistré" in html.unescape(response.content.decode())
    assert not Measurement.objects.exists()


def test_the_detail_page_shows_the_chart_and_the_values_table(world, indicator):
    for year, value in [(2024, "53"), (2025, "57")]:
        services.measurement_add(
            indicator=indicator,
            by=world.users["cdc"],
            date=datetime.date(year, 12, 31),
            value=Decimal(value),
        )
    page = world.client("elu").get(
        reverse("indicators:detail", args=[world.a.uuid, indicator.uuid])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text and 'role="img"' in text
    assert "31/12/2025" in text
    assert "Ajouter une valeur" not in text  # an élu reads only


def test_an_indicator_of_another_ctg_answers_404(world, indicator):
    other = Indicator.objects.create(convention=world.b, name="Autre")
    url = reverse("indicators:detail", args=[world.a.uuid, other.uuid])
    assert world.client("cdc").get(url).status_code == 404


def test_a_value_is_corrected_in_place_and_a_taken_date_is_refused(world, indicator):
    cdc = world.users["cdc"]
    first = services.measurement_add(
        indicator=indicator, by=cdc, date=datetime.date(2024, 12, 31), value=Decimal("54")
    )
    services.measurement_add(
        indicator=indicator, by=cdc, date=datetime.date(2025, 12, 31), value=Decimal("55")
    )
    url = reverse("indicators:measurement_edit", args=[world.a.uuid, indicator.uuid, first.uuid])
    client = world.client("cdc")
    assert client.get(url).context["form"].initial["value"] == Decimal("54")
    response = client.post(url, {"date": "2024-12-31", "value": "54,5", "comment": "Recompté"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.value, first.comment) == (Decimal("54.50"), "Recompté")
    response = client.post(url, {"date": "2025-12-31", "value": "60"})
    assert response.status_code == 200
    assert "déjà une valeur au 31/12/2025" in html.unescape(response.content.decode())
    assert sorted(indicator.measurements.values_list("value", flat=True)) == [
        Decimal("54.50"),
        Decimal("55"),
    ]
