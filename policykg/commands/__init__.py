"""CLI command modules; each registers its commands on ``policykg.cli.app``."""
