"""Every interface catalogue compiles, is complete, and says whether it has been reviewed."""

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for path in (ROOT / "bridges").glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)
LANGUAGES = {code for code, _name in settings.LANGUAGES} - {"en"}
# Every catalogue must be complete in every language: staff screens are read by staff who are
# themselves migrants, as much as public pages by the people they help. (Until 2026-12 only the
# shell's catalogues were held to this; "bridges/" now covers every app, new ones included.)
COMPLETE = ("bridges/",)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_catalogues_exist_for_every_interface_language():
    folders = [ROOT / "bridges" / "locale"] + [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if config.name.startswith("bridges.")
    ]
    for folder in folders:
        present = {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()
        missing = {
            code
            for code in LANGUAGES - present
            if not (folder / code / "LC_MESSAGES" / "django.po").exists()
        }
        assert not missing, (
            f"{_id(folder)} lacks {sorted(missing)}: mkdir {_id(folder)} and run make catalogues"
        )


@pytest.mark.parametrize("path", CATALOGUES, ids=_id)
def test_catalogue_is_complete_and_well_formed(path):
    strict = _id(path).startswith(COMPLETE)
    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=strict)
    headers = dict(catalog.mime_headers)
    language = path.parent.parent.name
    assert not catalog.fuzzy, "the header is still marked fuzzy: gettext would ignore the file"
    if strict:
        assert headers.get("Plural-Forms"), "no Plural-Forms header"
    elif not headers.get("Plural-Forms"):
        print(f"{_id(path)}: no Plural-Forms header")
    assert "X-Review-Status" in path.read_text(), (
        "add a header line X-Review-Status (see docs/translation.md)"
    )
    problems: list[str] = []
    untranslated: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        label = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            problems.append(f"fuzzy (ignored when compiled): {label!r}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(label)
        # babel checks that %(name)s placeholders match the English.
        for error in message.check(catalog):
            problems.append(f"{label!r}: {error}")
    if strict:
        problems += [f"untranslated: {label!r}" for label in untranslated]
    elif untranslated:
        print(f"{_id(path)}: {len(untranslated)} strings not yet translated")
    assert not problems, f"{language}: " + "; ".join(problems[:20])


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=_id)
def test_catalogue_compiles_with_msgfmt(path, tmp_path):
    # The same check as `compilemessages`; the shell's catalogues also get the header and
    # plural-form checks (every plural entry has as many forms as Plural-Forms says).
    check = "--check" if _id(path).startswith(COMPLETE) else "--check-format"
    result = subprocess.run(
        ["msgfmt", check, "-o", str(tmp_path / "django.mo"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
