"""What an audit event is about, as a person would call it.

Audit events record their target as a short internal string ("networker:93", "directory report
12"), kept as it is for the download. On the page each app names its own: an app's `audit.py`
may have `describe(targets: list[str], *, viewer) -> dict[str, str]`, returning a label for
each target it recognises (in one or two queries for the whole page; a name only if `viewer`
may see it). Targets no app recognises are shown as recorded."""

from collections.abc import Callable, Iterable
from functools import cache
from importlib import import_module

from django.apps import apps


@cache
def describers() -> tuple[Callable[..., dict[str, str]], ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("bridges."):
            continue
        try:
            module = import_module(f"{config.name}.audit")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.audit":
                raise  # audit.py exists but imports something missing: say so
            continue
        found.append(module.describe)
    return tuple(found)


def describe(targets: Iterable[str], *, viewer) -> dict[str, str]:
    """A label for every target: the apps' names for them, else the target as recorded."""
    targets = sorted({target for target in targets if target})
    labels: dict[str, str] = {}
    for describer in describers():
        labels.update(describer([t for t in targets if t not in labels], viewer=viewer))
    return {target: labels.get(target, target) for target in targets}
