"""Durations as people write them."""


def hours(minutes: int) -> str:
    """« 3 h 05 », « 45 min »: a duration as people write it."""
    if minutes < 60:
        return f"{minutes} min"
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"
