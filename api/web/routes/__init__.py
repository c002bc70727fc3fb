"""The app's routes, one module per resource; each is thin and calls plain functions in `gis`."""
