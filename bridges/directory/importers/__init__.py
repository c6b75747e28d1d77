"""Importers: each format module turns a payload into HSDS 3.0-shaped service dicts;
`common.upsert` writes them; `run` drives an import as a background task."""
