"""LibreOffice, as users open Maillage's files: convert a file and read the result back.

``make test`` installs LibreOffice (Debian's writer and calc packages) when it is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice")


def convert(tmp_path: Path, name: str, content: bytes, target: str) -> bytes:
    """The file converted by LibreOffice to ``target`` (« pdf », « csv »…)."""
    assert SOFFICE is not None, "LibreOffice (soffice) manque : lancez `make test`."
    source = tmp_path / name
    source.write_bytes(content)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / "out" / f"{source.stem}.{target.split(':')[0]}").read_bytes()
