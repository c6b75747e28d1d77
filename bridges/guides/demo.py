"""Demo city: the twelve guides of `data/en/` for the demo programme, published, linked to its
directory's services by need, with the translations found in `data/<lang>/` published through
the translation workflow (noted "demo")."""

from bridges.core.demo import DemoContext
from bridges.translations.services import publish_translation

from .loader import guides_load


def _publish(guide, language: str, segments: dict[str, str]) -> None:
    publish_translation(guide, language, segments, note="demo")


def seed(context: DemoContext) -> None:
    loaded = guides_load(programme=context.data["programme"], publish_translation=_publish)
    context.data["guides"] = loaded.guides
