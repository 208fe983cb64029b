from django.db import models


class OutboxStatus(models.TextChoices):
    A_ENVOYER = "a_envoyer", "à envoyer"
    ENVOYE = "envoye", "envoyé"
    ECHEC = "echec", "échec"
