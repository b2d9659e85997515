"""``python -m policykg``: the same command as the ``policykg`` script."""

from policykg.cli import app

app(prog_name="policykg")
