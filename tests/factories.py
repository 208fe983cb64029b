"""Factories for the tests: real models, fictitious people."""

import datetime

import factory

from maillage.accounts.models import User
from maillage.conventions.enums import CafRole, ConventionRole
from maillage.conventions.models import CafMembership, Convention, ConventionMembership
from maillage.organisations.enums import OrganisationKind, PartnerCategory
from maillage.organisations.models import Caf, Organisation
from maillage.territories.models import Departement

PASSWORD = "un mot de passe de test assez long"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{n + 1:02d}" if n + 1 != 73 else "99")
    name = factory.Sequence(lambda n: f"Département {n}")


class CafFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caf

    departement = factory.SubFactory(DepartementFactory)
    name = factory.LazyAttribute(lambda o: f"Caf {o.departement.name}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    caf = factory.SubFactory(CafFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.ASSOCIATION
    category = PartnerCategory.STRUCTURES_PEEJP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention

    caf = factory.SubFactory(CafFactory)
    name = factory.Sequence(lambda n: f"CTG numéro {n}")
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2028, 12, 31)
    signed_on = datetime.date(2023, 12, 15)


class ConventionMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionMembership

    user = factory.SubFactory(UserFactory)
    convention = factory.SubFactory(ConventionFactory)
    role = ConventionRole.CDC


class CafMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CafMembership

    user = factory.SubFactory(UserFactory)
    caf = factory.SubFactory(CafFactory)
    role = CafRole.CDT
