"""Access-matrix rows of the network app (merged by test_access_matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..conftest import World
from .matrix_base import Global, Rule

MATRIX: dict[str, dict[str, Rule | Global]] = {}
KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {}
POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {}
