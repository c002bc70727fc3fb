"""Spatial helpers: geometry in a local frame and spatial queries with each backend's index."""
