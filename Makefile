# `make demo` and `make test` work on a fresh machine: they create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: demo test lint bench setup system-packages clean coverage readme notebooks screenshots

$(STAMP): pyproject.toml
	scripts/system-packages.sh build
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/cartelgraph build
	$(BIN)/cartelgraph validate
	$(BIN)/cartelgraph stats
	$(BIN)/cartelgraph queries
	$(BIN)/cartelgraph query --name officials-linked-to-cartels --format csv -o $(OUT)/officials-linked-to-cartels.csv
	$(BIN)/cartelgraph query --name arrests-and-extraditions
	$(BIN)/cartelgraph centrality --measure betweenness --top 10 --save $(OUT)/betweenness.ttl
	$(BIN)/cartelgraph brokers
	$(BIN)/cartelgraph export -o $(OUT)/network.graphml
	$(BIN)/cartelgraph show "García Luna"
	$(BIN)/cartelgraph path Cienfuegos "Ovidio Guzmán" --max-hops 6
	$(BIN)/cartelgraph figures --format csv -o $(OUT)/figures.csv
	$(BIN)/cartelgraph duplicates
	$(BIN)/cartelgraph export-claims -o $(OUT)/claims.csv
	$(BIN)/cartelgraph viz -o $(OUT)/network.html
	$(BIN)/cartelgraph viz -o $(OUT)/garcia-luna.html --focus "García Luna" --depth 2
	@echo "demo outputs are in $(OUT)/"

system-packages:
	scripts/system-packages.sh

# Two test processes (pytest-xdist), one per core of a small machine: many tests wait on servers,
# browsers and subprocesses. tests/conftest.py says which tests share a process.
test: $(STAMP) system-packages lint
	$(BIN)/python -m pytest -q -n 2 --durations=10

coverage: $(STAMP)
	{ sed -n '1,5p' docs/coverage.md; $(BIN)/cartelgraph stats --format markdown; } > docs/coverage.md.tmp
	mv docs/coverage.md.tmp docs/coverage.md

readme: $(STAMP)
	$(BIN)/python scripts/readme_examples.py --write

# Execute every notebook in a clean kernel, store it with its outputs, export docs/notebooks/.
notebooks: $(STAMP)
	$(BIN)/python scripts/notebooks.py

screenshots: $(STAMP) system-packages
	$(BIN)/python scripts/screenshots.py --write

# ruff's lint rules and its formatting (`ruff format src tests benchmarks scripts` applies it).
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py --size 1m --baseline-timeout 30 --write BENCHMARKS.md
	$(BIN)/python benchmarks/cold_query.py --write BENCHMARKS.md
	$(BIN)/python benchmarks/page_open.py --write BENCHMARKS.md
	$(BIN)/python benchmarks/endpoint_load.py

clean:
	rm -rf $(VENV) $(OUT)
