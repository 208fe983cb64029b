"""Response headers for pages with personal data; query strings without NUL characters."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict


class NoStoreMiddleware:
    """Pages served to a logged-in user hold personal data: browsers must not store them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


class NullCharactersMiddleware:
    """A NUL character in a query parameter means nothing to any page and PostgreSQL
    refuses it in a query: it is dropped here, once, before any view filters with it.
    (Forms refuse it in posted fields with Django's own message.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # made read-only just above
        return self.get_response(request)
