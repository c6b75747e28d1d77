"""Demo city: the twelve guides of `data/en/` for the demo programme, published, linked to its
directory's services by need, with the translations found in `data/<lang>/`."""

from bridges.core.demo import DemoContext

from .loader import guides_load


def seed(context: DemoContext) -> None:
    loaded = guides_load(programme=context.data["programme"])
    context.data["guides"] = loaded.guides
