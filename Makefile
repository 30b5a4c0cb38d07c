# The two set-up commands of the README.
#   make run   install party-kg and build the graph and the viewer from the bundled corpus
#   make test  install what the tests need (Python packages, Debian's Chromium) and run them
# .ci/run runs `make test`.

PYTHON ?= python3
VENV   := .venv
STORE  ?= .kg-store
CORPUS ?= data/corpus

.PHONY: run test venv browser clean

venv:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)

run: venv
	$(VENV)/bin/pip install -q -e .
	$(VENV)/bin/kg build $(CORPUS) --store $(STORE)
	$(VENV)/bin/kg view --store $(STORE) -o graph.html
	@echo "open graph.html in a browser (it works offline)"

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install -y chromium fonts-dejavu-core" >&2; exit 1; fi; }

test: venv browser
	$(VENV)/bin/pip install -q -e '.[test]'
	$(VENV)/bin/pytest

clean:
	rm -rf $(STORE) graph.html
