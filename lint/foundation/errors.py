"""Errors that reach the user as one clear line, never a traceback."""


class UserError(Exception):
    """A usage, configuration or input problem the user can fix. Exit status 2."""

    exit_code = 2


class ConfigError(UserError):
    """A configuration or rule file is invalid; the message names the file (and key or line)."""
