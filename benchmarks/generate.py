"""A deterministic generator of synthetic cartelgraph data in the real ontology.

Entities of every entity class (with labels and aliases), claims of every claim class that has
a derived edge (participants in their real roles, dates of mixed precision, statuses, evidence
with quotes found in generated source texts) and figures. The shape is realistic for link
analysis: communities (regional networks), a few hubs per community (preferential choice with
Zipf weights) and many leaves, and some claims across communities.

    python benchmarks/generate.py --size 100k --out benchmarks/data/100k

The output is a data folder (``ontology/`` copied from the repo, ``graph/``) that every
cartelgraph command accepts with ``--data``. Same seed and size, same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CG = "https://w3id.org/cartelgraph/ontology#"
CGR = "https://w3id.org/cartelgraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
ENTITY_CLASSES = [
    "Person",
    "Official",
    "Cartel",
    "CriminalOrganization",
    "Agency",
    "Operation",
    "Policy",
    "Law",
    "Event",
    "Country",
    "State",
    "City",
    "Region",
    "Organization",
    "Substance",
]
# How common each class is among entities (people and officials dominate real graphs).
ENTITY_WEIGHTS = [30, 20, 4, 6, 10, 4, 2, 3, 2, 1, 3, 6, 1, 6, 2]
STATUSES = [
    "Alleged",
    "Accused",
    "Charged",
    "Convicted",
    "ChargesDropped",
    "Acquitted",
    "Denied",
    "Confirmed",
    "Reported",
]
STATUS_WEIGHTS = [20, 12, 6, 4, 3, 1, 4, 25, 25]
FIRST = [
    "Ana",
    "Beto",
    "Carla",
    "Diego",
    "Elena",
    "Fidel",
    "Gabriela",
    "Héctor",
    "Inés",
    "Jorge",
    "Karla",
    "Luis",
    "María",
    "Néstor",
    "Olga",
    "Pablo",
    "Queta",
    "Raúl",
    "Sofía",
    "Tomás",
    "Úrsula",
    "Víctor",
]
LAST = [
    "García",
    "Hernández",
    "López",
    "Martínez",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Jiménez",
    "Reyes",
    "Díaz",
    "Torres",
    "Gutiérrez",
]
WORDS = [
    "Norte",
    "Sur",
    "Golfo",
    "Pacífico",
    "Sierra",
    "Valle",
    "Costa",
    "Frontera",
    "Nueva",
    "Alta",
    "Baja",
    "Centro",
    "Istmo",
    "Laguna",
    "Río",
    "Monte",
    "Puerto",
    "Llano",
]


def claim_roles(ontology: Path) -> dict[str, list[str]]:
    """Claim classes and their role properties, read from the ontology (no list kept here)."""
    import pyoxigraph as ox

    roles: dict[str, list[str]] = {}
    for triple in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == CG + "role":
            roles.setdefault(triple.subject.value, []).append(triple.object.value)
    return {cls: sorted(found) for cls, found in sorted(roles.items())}


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Writer:
    """N-Triples lines (valid Turtle) into graph/synthetic-NNN.ttl files of bounded size."""

    def __init__(self, folder: Path, per_file: int = 200_000):
        self.folder, self.per_file = folder, per_file
        self.count, self.file_count, self.handle = 0, 0, None

    def add(self, s: str, p: str, o: str) -> None:
        if self.handle is None or self.count % self.per_file == 0:
            self._next()
        self.handle.write(f"<{s}> <{p}> {o} .\n")
        self.count += 1

    def _next(self) -> None:
        if self.handle:
            self.handle.close()
        self.file_count += 1
        self.handle = open(self.folder / f"synthetic-{self.file_count:03d}.ttl", "w", encoding="utf-8")

    def close(self) -> None:
        if self.handle:
            self.handle.close()


def generate(size: int, out: Path, seed: int = 7) -> dict:
    """Write a data folder of about ``size`` triples to ``out``; return counts."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "graph" / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "ontology", out / "ontology")
    roles = claim_roles(REPO / "ontology" / "cartelgraph.ttl")
    claim_classes = list(roles)

    # About 6.9 triples per claim, 3.5 per entity, 9 per figure: solve for the counts.
    claims = int(size * 0.78 / 6.9)
    entities = max(60, int(size * 0.17 / 3.5))
    figures = max(5, int(size * 0.04 / 12))
    communities = max(3, entities // 400)
    writer = Writer(out / "graph")

    # Entities: each in one community; Zipf weights make a few hubs per community.
    by_community: list[list[str]] = [[] for _ in range(communities)]
    weights: list[list[float]] = [[] for _ in range(communities)]
    by_class: dict[str, list[str]] = {c: [] for c in ENTITY_CLASSES}
    for number in range(entities):
        cls = rng.choices(ENTITY_CLASSES, ENTITY_WEIGHTS)[0]
        iri = f"{CGR}e{number}"
        name = _name(rng, cls, number)
        writer.add(iri, RDF_TYPE, f"<{CG}{cls}>")
        writer.add(iri, LABEL, literal(name))
        writer.add(iri, ALT, literal(_alias(name, number)))
        if rng.random() < 0.5:
            writer.add(iri, ALT, literal(name.upper()))
        community = number % communities
        by_community[community].append(iri)
        weights[community].append(1.0 / (len(by_community[community]) ** 0.9))
        by_class[cls].append(iri)

    # Sources: one synthetic document per ~400 claims; their text is the quotes they hold.
    source_count = max(1, claims // 400)
    texts: list[list[str]] = [[] for _ in range(source_count)]
    for number in range(source_count):
        iri = f"{CGR}source-{number}"
        writer.add(iri, RDF_TYPE, f"<{CG}Source>")
        writer.add(iri, LABEL, literal(f"Synthetic report {number}"))
        writer.add(iri, f"{CG}sourceKind", f"<{CG}NewsArticle>")
        writer.add(iri, f"{CG}textFile", literal(f"sources/synthetic-{number}.txt"))

    for number in range(claims):
        cls = rng.choice(claim_classes)
        iri = f"{CGR}claim-{number}"
        community = number % communities if rng.random() < 0.85 else rng.randrange(communities)
        writer.add(iri, RDF_TYPE, f"<{cls}>")
        for role in roles[cls]:
            pool = community if rng.random() < 0.9 else rng.randrange(communities)
            participant = rng.choices(by_community[pool], weights[pool])[0]
            writer.add(iri, role, f"<{participant}>")
        writer.add(iri, f"{CG}status", f"<{CG}{rng.choices(STATUSES, STATUS_WEIGHTS)[0]}>")
        if rng.random() < 0.8:
            writer.add(iri, f"{CG}date", _date(rng))
        source = rng.randrange(source_count)
        quote = f"Claim {number}: {cls.rsplit('#', 1)[-1]} reported in synthetic report {source}."
        texts[source].append(quote)
        writer.add(iri, f"{CG}source", f"<{CGR}source-{source}>")
        writer.add(iri, f"{CG}quote", literal(quote))

    places = by_class["State"] + by_class["City"] + by_class["Country"] or by_community[0]
    producers = by_class["Agency"] or by_community[0]
    for number in range(figures):
        iri = f"{CGR}figure-{number}"
        source = rng.randrange(source_count)
        measure = f"synthetic measure {number % 25}"
        quote = f"Figure {number}: {measure} was {number * 7 % 1000} in synthetic report {source}."
        texts[source].append(quote)
        for p, o in [
            (RDF_TYPE, f"<{CG}Figure>"),
            (f"{CG}value", typed(f"{number * 7 % 1000}.0", "decimal")),
            (f"{CG}unit", literal("people")),
            (f"{CG}measure", literal(measure)),
            (f"{CG}place", f"<{rng.choice(places)}>"),
            (f"{CG}producedBy", f"<{rng.choice(producers)}>"),
            (f"{CG}date", typed(str(2006 + number % 19), "gYear")),
            (f"{CG}source", f"<{CGR}source-{source}>"),
            (f"{CG}quote", literal(quote)),
        ]:
            writer.add(iri, p, o)
    writer.close()
    for number, quotes in enumerate(texts):
        (out / "graph" / "sources" / f"synthetic-{number}.txt").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    return {
        "triples": writer.count,
        "entities": entities,
        "claims": claims,
        "figures": figures,
        "communities": communities,
        "sources": source_count,
    }


def _name(rng: random.Random, cls: str, number: int) -> str:
    if cls in ("Person", "Official"):
        return f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)} {number}"
    return f"{cls} {rng.choice(WORDS)} {rng.choice(WORDS)} {number}"


def _alias(name: str, number: int) -> str:
    return f"{''.join(word[0] for word in name.split()[:-1])}-{number}"


def _date(rng: random.Random) -> str:
    year = rng.randint(2006, 2024)
    precision = rng.random()
    if precision < 0.4:
        return typed(str(year), "gYear")
    if precision < 0.7:
        return typed(f"{year}-{rng.randint(1, 12):02d}", "gYearMonth")
    return typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--out", type=Path, help="default: benchmarks/data/SIZE")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = args.out or REPO / "benchmarks" / "data" / args.size
    counts = generate(SIZES[args.size], out, args.seed)
    print(f"wrote {out}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
