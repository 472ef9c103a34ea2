"""Credentials for a SPARQL server that asks for them, never taken from the command line.

A user name and password come from ``$CARTELGRAPH_USER`` and ``$CARTELGRAPH_PASSWORD``, or else
from the netrc file (``$NETRC``, or ``~/.netrc``) entry of the server's host. They are looked up
and sent only when the server asks (a ``401`` with ``WWW-Authenticate``), in the scheme it asks
for: HTTP digest (Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``) or basic.
"""

from __future__ import annotations

import netrc
import os
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from cartelgraph.errors import UsageError

USER_VARIABLE = "CARTELGRAPH_USER"
PASSWORD_VARIABLE = "CARTELGRAPH_PASSWORD"


def credentials_for(url: str) -> tuple[str, str] | None:
    """``(user, password)`` for ``url`` from the environment or the netrc file, or None."""
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user or password:
        if not (user and password):
            given, missing = (USER_VARIABLE, PASSWORD_VARIABLE) if user else (PASSWORD_VARIABLE, USER_VARIABLE)
            raise UsageError(f"${given} is set but ${missing} is not: set both, or neither to use the netrc file")
        return user, password
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except netrc.NetrcParseError as error:
        raise UsageError(f"{error.filename}, line {error.lineno}: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the netrc file {path}: {error}") from None
    if entry is None or not entry[2]:
        return None
    return entry[0], entry[2]


def challenge_auth(url: str) -> httpx.Auth:
    """The answer to a server's challenge, with the credentials for ``url`` looked up then (a
    server that never asks never makes the netrc file be read)."""
    return ChallengeAuth(url)


class ChallengeAuth(httpx.Auth):
    """Sends nothing until a server answers ``401``, then digest or basic as it asks (and that
    scheme at once on the later requests of the same client)."""

    def __init__(self, url: str):
        self.url = url
        self._scheme: str | None = None
        self._digest: httpx.DigestAuth | None = None
        self._basic: httpx.BasicAuth | None = None

    def auth_flow(self, request):
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        schemes = [h.split(None, 1)[0].lower() for h in response.headers.get_list("www-authenticate") if h.strip()]
        if response.status_code != 401 or not {"digest", "basic"} & set(schemes):
            return
        found = credentials_for(self.url)
        if found is None:
            return
        self._digest, self._basic = httpx.DigestAuth(*found), httpx.BasicAuth(*found)
        if "digest" in schemes:
            self._scheme = "digest"
            flow = self._digest.auth_flow(request)
            next(flow)  # the request as first sent: no challenge was known yet
            yield flow.send(response)
        else:
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)
