"""Option types the commands share: dates checked against the calendar, and output paths
checked before any work is done. (A leading underscore keeps this module out of the command list.)"""

from __future__ import annotations

import os
from pathlib import Path

import click


class DateType(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, a real date (``2019-13`` is refused with the option's name)."""

    name = "date"

    def convert(self, value, param, ctx):
        from cartelgraph.dates import date_problem

        problem = date_problem(value)
        if problem:  # the same words as the library's check: "--as-of '2019-13': no such date"
            raise click.UsageError(f"{param.opts[0] if param else 'date'} {value!r}: {problem}", ctx)
        return str(value).strip()


class OutputPath(click.Path):
    """A path to write: its folder must exist and be writable, so that a typo in it fails at
    once, before the work, rather than after it. ``-`` is stdout."""

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        if str(path) == "-":
            return path
        folder = Path(os.path.abspath(os.path.expanduser(path))).parent
        if not folder.is_dir():
            self.fail(f"cannot write {path}: the folder {folder} does not exist", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"cannot write {path}: the folder {folder} is not writable", param, ctx)
        return path


DATE = DateType()
