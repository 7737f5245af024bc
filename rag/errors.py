"""Library exceptions. Only the HTTP routers and the CLI turn these into user-facing errors."""

from __future__ import annotations


class RagError(Exception):
    """Base class for errors a user can act on; the message says what to do."""


class ConfigurationError(RagError):
    """A setting has a value the library cannot work with."""


class ModelUnavailableError(RagError):
    """The configured embedding model is missing or cannot be loaded."""


class IndexNotFoundError(RagError):
    """No index has been built in the data directory yet."""


class IndexMismatchError(RagError):
    """The index on disk was built with other settings than the configured ones."""


class IndexCorruptError(RagError):
    """The index on disk is unreadable or inconsistent."""


class DocumentError(RagError):
    """A source document cannot be read or parsed."""


class DocumentNotFoundError(RagError):
    """No document with the requested id is indexed."""
