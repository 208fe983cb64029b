"""Maillage's URLs plus the two floors the key pages are compared with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """The bare floor: no work at all (served by a handler without middleware)."""
    return HttpResponse("ok")


def logged_in(request: HttpRequest) -> HttpResponse:
    """The logged-in floor: the full middleware stack, a user loaded, nothing rendered."""
    return HttpResponse(f"ok {request.user.pk}")


urlpatterns = [
    path("_bench/bare/", bare, name="bench_bare"),
    path("_bench/floor/", logged_in, name="bench_floor"),
    path("", include("maillage.urls")),
]
