"""The README's layout picture ("How it is built") names every module of the package, each under its folder."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _picture() -> dict[str, str]:
    """Each entry of the picture (``cli.py``, ``extract/``, …) and its text, continuation lines included."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\nkg/\n(.*?)```", readme, re.S)
    assert block, "README.md lost its layout picture (a ``` block opening with kg/)"
    entries: dict[str, str] = {}
    name = None
    for line in block.group(1).splitlines():
        if m := re.match(r"  (\S+)\s", line + " "):
            name = m.group(1)
            entries[name] = line
        elif re.match(r"\S", line):
            name = None  # the top-level folders after the package
        elif name:
            entries[name] += " " + line.strip()
    return entries


def test_the_layout_picture_names_every_module_under_its_folder():
    entries = _picture()
    missing = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        relative = path.relative_to(ROOT / "kg")
        if path.name == "__init__.py" and len(relative.parts) > 1:
            continue
        if len(relative.parts) == 1:
            if relative.name != "__init__.py" and relative.name not in entries:
                missing.append(str(relative))
        elif not re.search(rf"(?<![\w.]){re.escape(path.name)}", entries.get(f"{relative.parts[0]}/", "")):
            missing.append(str(relative))
    assert not missing, f"README.md's layout picture does not name: {', '.join(missing)}"
