"""diplograph's graph side: the model, build, analytics, views and the CLI."""

__version__ = "0.1.0"
