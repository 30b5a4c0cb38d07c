# The two set-up commands of the README.
#   make run   install party-kg and build the graph and the viewer from the bundled corpus
#   make test  install what the tests need (Python packages; Debian's LibreOffice, Tesseract, Chromium, Virtuoso) and run them
# .ci/run runs `make test`.

PYTHON ?= python3
VENV   := .venv
STORE  ?= .kg-store
CORPUS ?= data/corpus

.PHONY: run test venv debs readers clean

venv:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)

run: venv readers
	$(VENV)/bin/pip install -q -e .
	$(VENV)/bin/kg build $(CORPUS) --store $(STORE)
	$(VENV)/bin/kg view --store $(STORE) -o graph.html
	@echo "open graph.html in a browser (it works offline)"

# Debian packages: the readers of real archives (LibreOffice for .doc/.odt/.rtf, Tesseract and its Vietnamese
# model for scans), and for the tests Chromium (browser tests of kg view) and Virtuoso (a second SPARQL server).
# Installed when missing (needs root, as on CI); `make run` goes on without them (the corpus is plain text).
READER_DEBS := libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie
TEST_DEBS := chromium fonts-dejavu-core virtuoso-opensource
define install_missing
	@readers=""; tests=""; command -v soffice >/dev/null 2>&1 || readers="libreoffice-writer-nogui"; \
	command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie || readers="$$readers tesseract-ocr tesseract-ocr-vie"; \
	if [ "$(1)" = test ]; then command -v chromium >/dev/null 2>&1 || tests="chromium fonts-dejavu-core"; \
	command -v virtuoso-t >/dev/null 2>&1 || tests="$$tests virtuoso-opensource"; fi; \
	if [ -n "$$readers$$tests" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq; \
	    if [ -n "$$readers" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$readers >/dev/null; fi; \
	    if [ -n "$$tests" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$tests >/dev/null; fi; \
	  elif [ "$(1)" = test ]; then echo "the tests need Debian packages: sudo apt-get install -y $$readers $$tests" >&2; exit 1; \
	  else echo "kg reads .doc/.odt/.rtf and scans with Debian packages not installed here: sudo apt-get install -y $$readers" >&2; fi; fi
endef

readers:
	$(call install_missing,run)

debs:
	$(call install_missing,test)

test: venv debs
	$(VENV)/bin/pip install -q -e '.[test]'
	$(VENV)/bin/pytest

clean:
	rm -rf $(STORE) graph.html
