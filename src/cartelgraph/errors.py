"""Errors that reach the user as one clear message and an exit code, never a traceback."""


def visible(text: str) -> str:
    """``text`` with every invisible or control character but the line break shown as ``<U+XXXX>``:
    an error message quotes names, paths and parser output, which may hold a byte order mark, a
    zero-width space or a terminal escape sequence that would otherwise print unseen or act."""
    return "".join(c if c.isprintable() or c == "\n" else f"<U+{ord(c):04X}>" for c in text)


class CartelgraphError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits with ``exit_code``."""

    exit_code = 1


class UsageError(CartelgraphError):
    """Bad input from the user: a parameter, a name, a query (click's usage exit code)."""

    exit_code = 2


class DataError(CartelgraphError):
    """The data on disk cannot be read: malformed Turtle, a missing folder."""


class QuerySyntaxError(UsageError):
    """Malformed SPARQL; the message carries line and column."""


class UnsafeQueryError(UsageError):
    """A query that would fetch from the network, read files or write to the store."""


class QueryTimeoutError(CartelgraphError):
    """A query ran past its time limit and was stopped."""


class UnknownNameError(UsageError, LookupError):
    """A named query, entity or term that does not exist; the message lists close names. A
    :class:`LookupError` too, as Python's own lookups raise (``except LookupError`` catches it)."""


class ParameterError(UsageError):
    """A bad value for a parameter of a library function. The message names the parameter as
    Python calls it (``exclude_statuses='Aleged': no such status``); the command line shows the
    same problem under its option's name (``--exclude-status Aleged: no such status``, see
    :meth:`for_option`)."""

    def __init__(self, parameter: str, value, problem: str):
        self.parameter, self.value, self.problem = parameter, value, problem
        super().__init__(f"{parameter}={value!r}: {problem}")

    def __reduce__(self):  # so that it comes back whole from a worker process
        return type(self), (self.parameter, self.value, self.problem)

    def for_option(self, option: str) -> UsageError:
        """The same problem for a command line user: ``--option value: problem``."""
        return UsageError(f"{option} {self.value}: {self.problem}")


class OutputError(UsageError):
    """An output path that cannot be written: a missing or read-only folder, a folder given as a
    file. A usage error (exit 2), as click treats a file option it cannot open."""


class QueryMemoryError(CartelgraphError):
    """A query needed more memory than its worker may use, and was stopped."""
