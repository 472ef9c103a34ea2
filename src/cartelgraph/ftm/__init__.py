"""FollowTheMoney (FtM) out and in: the curated graph as FtM entities for Aleph and
OpenSanctions' tools (:mod:`.export`), and an FtM file read back as proposed entities and
claims for `cartelgraph ingest` (:mod:`.propose`). The mapping is one table (:mod:`.mapping`);
docs/ftm.md says what each class becomes and what is lost."""


def check_installed() -> None:
    """FtM needs the optional ``followthemoney`` package (it builds PyICU, which needs ICU's
    headers and a C++ compiler): say how to get it rather than fail on an import."""
    import importlib.util

    from cartelgraph.errors import UsageError

    if importlib.util.find_spec("followthemoney") is None:
        raise UsageError("FollowTheMoney files need the followthemoney package: pip install 'cartelgraph[ftm]'")
