"""Maillage: the working platform of a Convention Territoriale Globale."""
