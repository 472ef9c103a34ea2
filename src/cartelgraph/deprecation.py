"""Old names kept working for one release, with a :class:`DeprecationWarning` saying the new one."""

from __future__ import annotations

import functools
import warnings


def renamed_keyword(old: str, new: str):
    """Decorate a function whose keyword ``old`` is now called ``new``: ``old=`` still works and
    warns (``frame=True`` is ``as_frame=True``)."""

    def decorate(function):
        @functools.wraps(function)
        def accepting_old(*args, **options):
            if old in options:
                if new in options:
                    raise TypeError(f"{function.__name__}() got both {old}= and {new}=; give {new}= only")
                warnings.warn(
                    f"{function.__name__}({old}=…) is deprecated; write {new}=…", DeprecationWarning, stacklevel=2
                )
                options[new] = options.pop(old)
            return function(*args, **options)

        return accepting_old

    return decorate


def renamed_function(function, old: str):
    """``function`` under its former name ``old``, warning at each call."""

    @functools.wraps(function)
    def former(*args, **options):
        warnings.warn(f"{old}() is deprecated; call {function.__name__}()", DeprecationWarning, stacklevel=2)
        return function(*args, **options)

    former.__name__ = former.__qualname__ = old
    former.__doc__ = f"Deprecated: the former name of :func:`{function.__name__}`."
    return former
