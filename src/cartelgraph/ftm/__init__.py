"""FollowTheMoney (FtM) out and in: the curated graph as FtM entities for Aleph and
OpenSanctions' tools (:mod:`.export`), and an FtM file read back as proposed entities and
claims for `cartelgraph ingest` (:mod:`.propose`). The mapping is one table (:mod:`.mapping`);
docs/ftm.md says what each class becomes and what is lost."""
