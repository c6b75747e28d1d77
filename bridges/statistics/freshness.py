"""Which figures are current: a number in the shared cache that moves whenever figures are
written (an import), so that what was drawn or read from the old ones (a map layer's SVG, its
figures) is not used again. Reference data (areas, boundaries) has its own generation in
`bridges.core.pagecache`; anything kept here keys on both."""

import time

from django.core.cache import cache
from django.db import connection, transaction

from bridges.core import pagecache

FIGURES_GENERATION_KEY = "statistics:figures:generation"


def figures_changed() -> None:
    """Figures were written: move the generation now, and again when the transaction commits
    (so nothing is kept from figures that were about to change)."""

    def move() -> None:
        try:
            cache.incr(FIGURES_GENERATION_KEY)
        except ValueError:  # none yet, or the cache dropped it: start from the clock
            cache.set(FIGURES_GENERATION_KEY, time.time_ns(), None)

    move()
    if connection.in_atomic_block:
        transaction.on_commit(move)


def generation() -> tuple:
    """The figures' generation and the reference data's, for a cache key."""
    return (cache.get_or_set(FIGURES_GENERATION_KEY, time.time_ns, None), pagecache.generation())
