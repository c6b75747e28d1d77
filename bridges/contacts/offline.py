"""The contact log's queue of records kept on the phone while offline (see bridges/core/offline.py
and static/contacts/offline.js)."""

from bridges.core.offline import PhoneQueue

PHONE_QUEUES = [
    PhoneQueue(database="bridges-contacts", store="queue", script="contacts/offline.js"),
]
