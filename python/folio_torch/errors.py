"""One error type for input a person can fix; the command line prints its message and exits non-zero."""


class FolioError(Exception):
    """A checkpoint, text or option that cannot be used; the message is for the user."""
