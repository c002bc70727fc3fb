"""Ingest: reading the files officers have, repairing legacy text, coordinate systems, and
importing points."""
