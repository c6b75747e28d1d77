"""HSDS 3.0 JSON: a list of full services, an API page (`contents`), or one service."""

import json

from django.utils.translation import gettext as _

from .common import ImportFailed


def parse(payload: bytes) -> list:
    data = json.loads(payload.decode("utf-8-sig"))
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if isinstance(data.get("contents"), list):
            return data["contents"]
        if isinstance(data.get("services"), list):
            return data["services"]
        if "id" in data and "name" in data:
            return [data]
    raise ImportFailed(_("The file does not hold HSDS 3.0 services."))
