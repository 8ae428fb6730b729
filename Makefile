# Two commands do everything from a fresh clone (see README):
#   make demo   create .venv, install psmctl, validate and render the shipped plan
#   make test   install test tools, type-check (mypy --strict) and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: demo test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@# An editable install compiles nothing, and where PYTHONDONTWRITEBYTECODE is set (many container
	@# images) Python would compile psmctl's sources again on every command: a quarter of a second.
	$(BIN)/python -m compileall -q psmctl > /dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/psmctl validate plan
	$(BIN)/psmctl schema --out schemas
	$(BIN)/psmctl render annex --plan plan --format docx -o $(OUT)/allegato.docx
	$(BIN)/psmctl render plan --plan plan --format docx -o $(OUT)/piano.docx
	$(BIN)/psmctl render plan --plan plan --format html -o $(OUT)/piano.html
	$(BIN)/psmctl render plan --plan plan --format pdf -o $(OUT)/piano.pdf
	$(BIN)/psmctl validate examples/synthetic-plan
	$(BIN)/psmctl render monitoring --plan examples/synthetic-plan --format docx -o $(OUT)/esempio-monitoraggio.docx
	$(BIN)/psmctl render monitoring --plan examples/synthetic-plan --format html -o $(OUT)/esempio-monitoraggio.html
	@echo "documents of the current edition, and the synthetic example's monitoring report, written to $(OUT)/"

# CI runs only `make test`, so the type check is part of it
test: $(STAMP)
	$(BIN)/mypy psmctl
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/perf.py
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/render_bench.py
	$(BIN)/python bench/pandoc_bench.py --sizes 1000
	$(BIN)/python bench/monitoring_bench.py

lint: $(STAMP)
	$(BIN)/mypy psmctl

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
