"""The web app: its factory, dependencies, error rendering, security, routes, templates and static
files."""
