"""Services: the only place that combines the registry (gis) and the renderer (plates): print
batches, reprints (of lost, damaged or stale plates) and the volunteers' guide. The faces call
them for anything rendered and never import `plates` themselves (an import-linter contract)."""
