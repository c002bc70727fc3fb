"""Read models: the public face, the map's aggregates, coverage and exports."""
