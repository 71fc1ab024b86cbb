"""Errors that say whether a retry can help."""


class Permanent(Exception):
    """A failure no retry can help (unreadable input, a text over a hard limit): the pipeline
    fails the work at once instead of spending its remaining attempts on it."""
