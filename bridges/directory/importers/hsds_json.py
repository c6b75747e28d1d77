"""HSDS 3.0 JSON: a list of full services, an API page (`contents`), or one service."""

import json


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
    raise ValueError("expected HSDS 3.0 services")
