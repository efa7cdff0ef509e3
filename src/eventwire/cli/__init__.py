"""The eventwire command line (typer): ``eventwire.cli:app`` is the console script."""

from eventwire.cli.app import app

__all__ = ["app"]
