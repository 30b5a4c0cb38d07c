# The two set-up commands of the README.
#   make run   install party-kg and build the graph and the viewer from the bundled corpus
#   make test  install what the tests need (Python packages, Debian's Chromium and Virtuoso) and run them
# .ci/run runs `make test`.

PYTHON ?= python3
VENV   := .venv
STORE  ?= .kg-store
CORPUS ?= data/corpus

.PHONY: run test venv debs clean

venv:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)

run: venv
	$(VENV)/bin/pip install -q -e .
	$(VENV)/bin/kg build $(CORPUS) --store $(STORE)
	$(VENV)/bin/kg view --store $(STORE) -o graph.html
	@echo "open graph.html in a browser (it works offline)"

# Debian packages the tests need: Chromium (browser tests of kg view) and Virtuoso (a second SPARQL
# server). Installed when missing (needs root, as on CI).
DEBS := chromium fonts-dejavu-core virtuoso-opensource
debs:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium fonts-dejavu-core"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "the tests need Debian packages: sudo apt-get install -y $(DEBS)" >&2; exit 1; fi; fi

test: venv debs
	$(VENV)/bin/pip install -q -e '.[test]'
	$(VENV)/bin/pytest

clean:
	rm -rf $(STORE) graph.html
