"""The package's version, in one place (the CLI and the report read it here)."""

__version__ = "0.1.0"
