"""The errors `plates` raises: each carries a message fit to show a user as it is.

They subclass `ValueError` because every one of them is bad input (a URL, a record, an
output folder), never a bug; the CLI and the web turn them into a one-line message.
"""

__all__ = ["EmptyBatch", "OutputExists", "PlatesError", "UnsafePublicUrl"]


class PlatesError(ValueError):
    """Base of every error raised by `plates`."""


class UnsafePublicUrl(PlatesError):
    """The PUBLIC_URL cannot be printed on a permanent plate."""


class OutputExists(PlatesError):
    """A batch would overwrite a file that is already there."""

    def __init__(self, path: object) -> None:
        super().__init__(f"{path} already exists; a batch never overwrites a file")
        self.path = path


class EmptyBatch(PlatesError):
    """A batch was asked to print no plates at all."""

    def __init__(self, message: str = "nothing to print: the batch has no plates") -> None:
        super().__init__(message)
