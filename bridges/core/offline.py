"""Records kept on the phone until they can be sent: the apps' offline queues, for the shell.

An app that keeps records in the browser's IndexedDB while there is no connection (the contact
log) names its queue in an `offline.py` with `PHONE_QUEUES`, a list of `PhoneQueue`s. The base
layout gives every signed-in page a badge and a small script (`core/phone.js`) that reads those
queues on the phone, with no request to the server:

- the count of the signed-in person's records not sent yet, flagged after a day, linking to the
  app's review page;
- a warning before signing out while some are waiting (they stay on the phone for the same
  person only);
- each app's script sends its waiting records, whichever page is opened;
- signing out, or another person signing in on the phone, forgets every page kept by a service
  worker (scripts and stylesheets stay).

Each record in a queue is an object with at least `user` (the person's id, as text), `queued_at`
(milliseconds since 1970), `status` (`"waiting"`, or why the server refused it) and `review` (the
address of the page that lists them). Core never reads what a record says.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class PhoneQueue:
    database: str  # the IndexedDB database's name
    store: str  # its object store holding the records
    # The app's script (a static path) that sends the waiting records: on every signed-in page,
    # so that they go whichever page the person opens first.
    script: str = ""


@cache
def phone_queues() -> tuple[PhoneQueue, ...]:
    """Every installed app's `offline.PHONE_QUEUES`, in app order."""
    found: list[PhoneQueue] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("bridges.") or config.name == "bridges.core":
            continue
        try:
            module = import_module(f"{config.name}.offline")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.offline":
                raise  # offline.py exists but imports something missing: say so
            continue
        found.extend(module.PHONE_QUEUES)
    return tuple(found)


@cache
def phone_queues_json() -> str:
    """The queues as the badge's data attribute carries them."""
    found = [{"database": q.database, "store": q.store} for q in phone_queues()]
    return json.dumps(found, separators=(",", ":"))


def phone_scripts() -> list[str]:
    """The queues' scripts, for every signed-in page."""
    return [queue.script for queue in phone_queues() if queue.script]
