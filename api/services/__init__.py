"""Services: the only place that combines the registry (gis) and the renderer (plates); the CLI and
the web both call it."""
