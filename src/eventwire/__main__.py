"""`python -m eventwire`: the command line."""

from eventwire.cli import app

app(prog_name="eventwire")
