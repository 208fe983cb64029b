"""What the socle stores: the one-time tokens of creation forms."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FormToken(models.Model):
    """A creation form's one-time token, recorded by the first submission that carries it.

    Its uniqueness is what lets two simultaneous submissions of one form create one object:
    the second cannot record the token again and is sent to what the first created.
    """

    token = models.CharField("jeton", max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    url = models.CharField("adresse de l'objet créé", max_length=500, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True, db_index=True)

    objects: models.Manager[FormToken] = models.Manager()

    class Meta:
        verbose_name = "jeton de formulaire"
        verbose_name_plural = "jetons de formulaire"

    def __str__(self) -> str:
        return self.token
