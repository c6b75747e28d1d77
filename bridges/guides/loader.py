"""Loading guides from the data files in `data/` (see data/README.md): the English source
from `data/en/<slug>.yaml`, translations from `data/<lang>/<slug>.yaml`. Used by the demo city
and for trusted imports; loading again updates the guides in place."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from bridges.accounts.models import Programme
from bridges.directory.models import Service

from . import services
from .models import SECTIONS, Guide

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE = "en"
SECTION_KEYS = tuple(key for key, _heading in SECTIONS)
SERVICES_PER_NEED = 2


class GuideDataError(ValueError):
    """A data file that cannot be loaded, naming the file and what is wrong."""


@dataclass
class Loaded:
    guides: list[Guide] = field(default_factory=list)
    translations: list[tuple[str, str]] = field(default_factory=list)  # (slug, language)


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise GuideDataError(f"{path.name}: not valid YAML ({error})") from error
    if not isinstance(data, dict):
        raise GuideDataError(f"{path.name}: expected keys like title, summary and steps")
    return data


def source_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted((directory / SOURCE).glob("*.yaml"))


def _services_for(programme: Programme, needs: list[str]) -> list[Service]:
    chosen: list[Service] = []
    for need in needs:
        found = (
            Service.objects.published()
            .for_programme(programme)
            .filter(taxonomy_terms__code=need)
            .order_by("name")[:SERVICES_PER_NEED]
        )
        chosen.extend(service for service in found if service not in chosen)
    return chosen


def _steps(data: dict, path: Path) -> list[services.StepText]:
    steps = data.get("steps") or []
    if not isinstance(steps, list):
        raise GuideDataError(f"{path.name}: steps must be a list")
    return [
        services.StepText(title=str(step.get("title", "")), body=str(step.get("body") or ""))
        for step in steps
    ]


@transaction.atomic
def guide_load(path: Path, *, programme: Programme, status: str = Guide.Status.PUBLISHED) -> Guide:
    data = _read(path)
    slug = data.get("slug") or path.stem
    last_checked = data.get("last_checked")
    if not isinstance(last_checked, datetime.date):
        raise GuideDataError(f"{path.name}: last_checked must be a date like 2026-11-22")
    guide = Guide.objects.for_programme(programme).filter(slug=slug).first() or Guide(
        programme=programme, slug=slug
    )
    guide.title = str(data.get("title", "")).strip()
    for key in SECTION_KEYS:
        setattr(guide, key, str(data.get(key) or "").strip())
    guide.official_url = data.get("official_url") or ""
    guide.last_checked = last_checked
    guide.status = status
    return services.guide_save(
        guide=guide,
        steps=_steps(data, path),
        services=_services_for(programme, data.get("needs") or []),
    )


def translation_segments(data: dict) -> dict[str, str]:
    """A translation file's text as the guide's segment keys ("title", "summary",
    "step.1.title"…); steps are matched to the source by their order."""
    found = {"title": str(data.get("title") or "").strip()}
    for key in SECTION_KEYS:
        found[key] = str(data.get(key) or "").strip()
    for number, step in enumerate(data.get("steps") or [], start=1):
        found[f"step.{number}.title"] = str(step.get("title") or "").strip()
        found[f"step.{number}.body"] = str(step.get("body") or "").strip()
    return {key: text for key, text in found.items() if text}


def translation_files(slug: str, directory: Path = DATA_DIR) -> list[tuple[str, Path]]:
    """(language, path) of each translation of a guide found in the data; a language with no
    file for this guide is simply left out."""
    return sorted(
        (folder.name, folder / f"{slug}.yaml")
        for folder in directory.iterdir()
        if folder.is_dir() and folder.name != SOURCE and (folder / f"{slug}.yaml").is_file()
    )


def guides_load(
    *, programme: Programme, directory: Path = DATA_DIR, publish_translation=None
) -> Loaded:
    """Every guide of the data, published, with the translations found for it. Translations
    are stored through `publish_translation(guide, language, segments)` when given."""
    loaded = Loaded()
    for path in source_files(directory):
        guide = guide_load(path, programme=programme)
        loaded.guides.append(guide)
        if publish_translation is None:
            continue
        for language, translation_path in translation_files(guide.slug, directory):
            publish_translation(guide, language, translation_segments(_read(translation_path)))
            loaded.translations.append((guide.slug, language))
    return loaded
