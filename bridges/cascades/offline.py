"""Reach reports kept on the phone while offline (see bridges/core/offline.py and
static/cascades/offline.js)."""

from bridges.core.offline import PhoneQueue

PHONE_QUEUES = [
    PhoneQueue(database="bridges-cascades", store="queue", script="cascades/offline.js"),
]
