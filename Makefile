# gwsim -- the quick start is `make demo` and `make test` on a fresh machine.
# Both install what is missing (Debian packages when run as root, Python
# packages into .venv), build the release preset, then run or test. Each step
# is skipped when its inputs have not changed, so repeating them is quick.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := demo

PRESET ?= release
BUILD := build/$(PRESET)
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := build/.stamps

# Debian packages the build, tests and benches need.
APT_PACKAGES := build-essential cmake ninja-build pkg-config python3 python3-venv \
  libboost-dev libboost-date-time-dev libeigen3-dev nlohmann-json3-dev libfmt-dev catch2 \
  libbenchmark-dev libsimgrid-dev libcli11-dev \
  valgrind clang libclang-rt-14-dev clang-format clang-tidy \
  chromium chromium-driver fonts-dejavu-core

# Warnings are errors in CI only (CI=true there).
CMAKE_ARGS := -DGWSIM_PYTHON=$(CURDIR)/$(PY) $(if $(filter true 1,$(CI)),-DGWSIM_WERROR=ON,-DGWSIM_WERROR=OFF)

.PHONY: tidy-record sanitize-build test-fast mutate mutate-check python wheel wheel-smoke lint lint-format lint-tidy lint-python sanitize fuzz fuzz-build fuzz-regressions demo test bench bench-engine bench-model bench-jobs bench-power bench-python bench-check bench-baseline validation golden docs-outputs deps build clean distclean

DEMO_SCENARIO := scenarios/openai_aws_2026.json

# The default scenario, run and summarised; gwsim is then also on .venv's PATH, and the Python
# package is installed in .venv (import gwsim).
demo: build python
	@ln -sf $(CURDIR)/$(BUILD)/gwsim $(VENV)/bin/gwsim
	$(BUILD)/gwsim run $(DEMO_SCENARIO) --out out/demo
	@echo "daily series: out/demo/timeseries.csv; try: source .venv/bin/activate && gwsim --help"

test: build lint python wheel-smoke sanitize fuzz-regressions mutate-check
	ctest --preset $(PRESET)

# Style and static checks (make -k lint runs all three when one fails):
#  lint-format  clang-format (.clang-format) over the C++ of sim/ bindings/ tests/ benches/:
#               checks, never rewrites; `clang-format -i FILE` fixes a file it names.
#  lint-tidy    clang-tidy (.clang-tidy) over sim/. All of sim/ takes about 18 CPU-minutes (108
#               sources; 9 minutes on 2 idle cores), so it checks every sim/ source only with
#               `make lint TIDY=all`. In CI (CI=true; TIDY=recorded) it checks the sources changed
#               since the commit recorded clean in .ci/tidy-clean (.ci/tidy_files.py says how, and
#               when it checks them all); otherwise the sim/ sources changed against TIDY_BASE
#               (origin/main when there is one, else HEAD: the uncommitted changes), a changed
#               header through the .cpp beside it. `make tidy-record` checks every source and, when
#               all are clean and sim/ has no uncommitted change, records HEAD in .ci/tidy-clean.
#  lint-python  ruff (settings in pyproject.toml) over the Python files.
TIDY ?= $(if $(filter true 1,$(CI)),recorded,changed)
TIDY_BASE ?= $(shell git rev-parse -q --verify origin/main > /dev/null && echo origin/main || echo HEAD)
LINT_CXX = $(shell find sim bindings tests benches -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
TIDY_CHANGED = $(shell { git diff --name-only --diff-filter=d $(TIDY_BASE) -- sim; git ls-files --others --exclude-standard sim; } \
  2> /dev/null | sed -n 's/\.[ch]pp$$/.cpp/p' | sort -u | while read -r f; do test -f "$$f" && echo "$$f"; done)
TIDY_FILES = $(if $(filter all,$(TIDY)),$(shell find sim -name '*.cpp' | sort),$(if $(filter recorded,$(TIDY)),$(shell python3 .ci/tidy_files.py),$(TIDY_CHANGED)))

lint: lint-format lint-tidy lint-python

lint-format:
	@bad=$$(for f in $(LINT_CXX); do clang-format --dry-run --Werror "$$f" > /dev/null 2>&1 || echo "$$f"; done); \
	if [ -n "$$bad" ]; then \
	  echo "clang-format: $$(echo "$$bad" | wc -l) of $(words $(LINT_CXX)) files differ from .clang-format (clang-format --dry-run FILE shows how):"; \
	  echo "$$bad" | sed 's/^/  /'; exit 1; \
	fi; echo "clang-format: $(words $(LINT_CXX)) files ok"

lint-tidy: build
	@$(if $(filter recorded,$(TIDY)),python3 .ci/tidy_files.py --why > /dev/null;)
	@if [ -z "$(strip $(TIDY_FILES))" ]; then echo "clang-tidy: no sim/ source to check (TIDY=$(TIDY); TIDY=all checks every one)"; \
	else echo "clang-tidy: $(words $(TIDY_FILES)) file(s) of sim/ ..."; \
	  run-clang-tidy -quiet -j2 -p $(BUILD) $(addprefix $(CURDIR)/,$(TIDY_FILES)) > $(STAMPS)/clang-tidy.log 2>&1 \
	    || { sed 's/\x1b\[[0-9;]*m//g' $(STAMPS)/clang-tidy.log | grep -v 'warnings generated\|^clang-tidy\|^Suppressed\|^Use -header-filter'; exit 1; }; \
	  echo "clang-tidy: ok"; \
	fi

# Every sim/ source through clang-tidy; when all are clean and sim/ has no uncommitted change, HEAD is
# written to .ci/tidy-clean (commit it): CI then checks only what changes after it.
tidy-record: build
	$(MAKE) lint-tidy TIDY=all
	@if [ -n "$$(git status --porcelain -- sim .clang-tidy)" ]; then \
	  echo "tidy-record: sim/ has uncommitted changes; commit them, then record"; exit 1; fi
	@{ sed -n '/^#/p' .ci/tidy-clean; git rev-parse HEAD; } > .ci/tidy-clean.tmp && mv .ci/tidy-clean.tmp .ci/tidy-clean
	@echo "tidy-record: $$(git rev-parse --short HEAD) recorded in .ci/tidy-clean"

lint-python: deps
	$(VENV)/bin/ruff check --quiet --output-format concise . && echo "ruff: ok"

# The C++ tests and the CLI on every shipped scenario, built with AddressSanitizer and
# UndefinedBehaviorSanitizer (build/asan): any report fails. The asan and fuzz presets build sim/
# as unity translation units of 8 (CMakePresets.json): they are built whole, never file by file.
# SANITIZE_ONCE: scenarios run once, without replications (gigawatt_factory: 58 M events a run, minutes
# under ASan; the replications' code is the same as the other scenarios').
SANITIZE_ONCE := gigawatt_factory
sanitize: sanitize-build
	cd build/asan && ./tests/gwsim_tests
	mkdir -p build/asan/out
	for s in scenarios/*.json; do \
	  name=$$(basename $$s .json); mc="--replications 2 --threads 2"; \
	  case " $(SANITIZE_ONCE) " in *" $$name "*) mc=;; esac; \
	  build/asan/gwsim run $$s --out build/asan/out/$$name --quiet $$mc || exit 1; \
	done
	for f in tests/scenarios/malformed/*.json; do \
	  rc=0; build/asan/gwsim validate $$f > /dev/null 2> build/asan/err.txt || rc=$$?; \
	  if [ $$rc -ne 2 ] || grep -q 'Sanitizer\|runtime error' build/asan/err.txt; then echo "$$f: exit $$rc"; cat build/asan/err.txt; exit 1; fi; \
	done
	@echo "sanitize: no reports"

# libFuzzer (clang, with ASan + UBSan) over the scenario loader and the report's
# readers, FUZZ_SECONDS each (default 60), from the shipped and malformed
# scenarios and the regression inputs. A finding is written to
# build/fuzz/artifacts/; docs/reliability.md says how it becomes a regression test.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1
fuzz: fuzz-build
	mkdir -p build/fuzz/corpus/loader build/fuzz/corpus/report build/fuzz/artifacts
	cp scenarios/*.json tests/scenarios/*.json tests/scenarios/malformed/*.json $(wildcard tests/fuzz/regressions/loader/*) build/fuzz/corpus/loader/
	cp tests/golden/openai_aws_2026/timeseries.csv tests/fuzz/regressions/report/* build/fuzz/corpus/report/
	$(PY) tests/fuzz/make_dict.py > build/fuzz/scenario.dict
	build/fuzz/fuzz_loader $(FUZZ_FLAGS) -max_len=65536 -max_total_time=$(FUZZ_SECONDS) -dict=build/fuzz/scenario.dict build/fuzz/corpus/loader
	build/fuzz/fuzz_report $(FUZZ_FLAGS) -max_len=16384 -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus/report

# The fuzz targets on every regression input and seed, without mutation (make test): replayed by the
# asan build (gcc, no libFuzzer: tests/fuzz/replay_main.cpp), all inputs of a target in one process, as
# libFuzzer runs them; an allocation over 512 MB aborts (libFuzzer's -malloc_limit_mb) and a target
# over 10 s an input fails (its -timeout, summed).
FUZZ_REPLAY := ASAN_OPTIONS=max_allocation_size_mb=512:allocator_may_return_null=0 timeout
LOADER_INPUTS = $(wildcard tests/fuzz/regressions/loader/*) $(wildcard scenarios/*.json) $(wildcard tests/scenarios/malformed/*.json)
REPORT_INPUTS = $(wildcard tests/fuzz/regressions/report/*) tests/golden/openai_aws_2026/timeseries.csv
fuzz-regressions: sanitize-build
	$(FUZZ_REPLAY) $$((10 * $(words $(LOADER_INPUTS)))) build/asan/fuzz_loader $(LOADER_INPUTS) 2> $(STAMPS)/fuzz-loader.log \
	  || { tail -40 $(STAMPS)/fuzz-loader.log; exit 1; }
	$(FUZZ_REPLAY) $$((10 * $(words $(REPORT_INPUTS)))) build/asan/fuzz_report $(REPORT_INPUTS) 2> $(STAMPS)/fuzz-report.log \
	  || { tail -40 $(STAMPS)/fuzz-report.log; exit 1; }
	@echo "fuzz-regressions: $$(ls tests/fuzz/regressions/*/* | wc -l) regression inputs and $(words $(LOADER_INPUTS) $(REPORT_INPUTS)) inputs in all pass"

# The asan build (build/asan, CMakePresets.json): gwsim, the Catch2 tests and the fuzz targets' replayers.
sanitize-build: deps
	cmake --preset asan > $(STAMPS)/asan-configure.log || { cat $(STAMPS)/asan-configure.log; exit 1; }
	cmake --build --preset asan

fuzz-build: deps
	cmake --preset fuzz > $(STAMPS)/fuzz-configure.log || { cat $(STAMPS)/fuzz-configure.log; exit 1; }
	cmake --build --preset fuzz

bench: bench-engine bench-model bench-jobs bench-power bench-python

# PHOLD against the anchors (minutes: SimPy is slow) and the hold micro bench.
bench-engine: build
	$(PY) benches/compare_phold.py --build $(BUILD)

# The buildout model at full scale and its scaling curve.
bench-model: build python
	$(PY) benches/buildout_scaling.py --build $(BUILD)

# The 30 GW portfolio with issue 16's power supply chain on, against the plain one (5 s, 50 MB).
bench-power: build python
	$(PY) benches/power_portfolio.py --build $(BUILD)

# The job queue: 1e4..1e6 jobs on 1e4..1e6 GPUs with EASY backfilling.
bench-jobs: build
	$(PY) benches/jobs_scaling.py --build $(BUILD)

# The bench regression gate: instruction counts under callgrind, events and output checksums of
# PHOLD, the scaled portfolio and the job queue against benches/baseline.json (about 35 s; fails
# on a rise of more than 10% or any changed output). `make test` runs the quick form through ctest.
bench-check: build
	$(PY) benches/regress.py --check --build $(BUILD)

# Rewrites benches/baseline.json after a deliberate change (review and commit the diff).
bench-baseline: build
	$(PY) benches/regress.py --update --build $(BUILD)

# docs/validation.md: the job model beside Erlang C, Pollaczek-Khinchine and Llama 3 (about a minute).
validation: build
	$(PY) benches/validation/make_validation.py --build $(BUILD)

# The Python layer: overhead against the CLI, zero-copy DataFrames, Monte Carlo on threads and Dask.
bench-python: build python
	$(PY) benches/python_overhead.py --build $(BUILD)

# docs/outputs.md: its table of time-series columns, from the declarations (sim/model/columns.hpp,
# sim/jobs/columns.hpp) through the installed package.
docs-outputs: python
	$(PY) docs/make_outputs.py

# docs/notebooks: written by make_notebooks.py, executed (figures inline, kept as outputs) and
# rendered to docs/notebooks/html/NAME.html; commit both (about a minute on 2 idle cores).
.PHONY: notebooks
notebooks: python
	cd docs/notebooks && $(CURDIR)/$(PY) make_notebooks.py

# The fast tests (under two minutes): the Catch2 suite, then the pytest files that drive the built
# CLI (golden outputs, CLI behaviour, exact quantiles, limits, paths, warnings). They are what each
# mutant of `make mutate` is run against.
FAST_PYTEST := tests/python/test_golden.py tests/python/test_cli.py tests/python/test_exact_quantiles.py \
  tests/python/test_limits.py tests/python/test_paths.py tests/python/test_warnings.py
test-fast: build
	$(BUILD)/tests/gwsim_tests
	$(PY) -m pytest -q -p no:cacheprovider --build-dir $(BUILD) $(FAST_PYTEST)

# Mutation testing (docs/mutation.md): MUTANTS mutants of sim/ sampled with SEED (random when
# unset, printed), each built from a copy of its file and run against the fast tests; prints the
# score and the survivors, writes build/mutate/report.md. MUTATE_ARGS passes more options.
MUTANTS ?= 200
mutate: build
	$(PY) tests/mutation/mutate.py --build $(BUILD) -n $(MUTANTS) $(if $(SEED),--seed $(SEED)) \
	  --pytest $(FAST_PYTEST) --python $(PY) $(MUTATE_ARGS)

# The CI sample (make test): MUTATE_CHECK_MUTANTS mutants of the fixed seed MUTATE_CHECK_SEED; fails
# when the score is below MUTATE_FLOOR percent: the score recorded in docs/reliability.md less a
# margin for a sample this small (there).
MUTATE_CHECK_MUTANTS ?= 20
MUTATE_CHECK_SEED ?= 13
MUTATE_FLOOR ?= 75
mutate-check: build
	$(PY) tests/mutation/mutate.py --build $(BUILD) -n $(MUTATE_CHECK_MUTANTS) --seed $(MUTATE_CHECK_SEED) \
	  --min-score $(MUTATE_FLOOR) --pytest $(FAST_PYTEST) --python $(PY) --report build/mutate/check/report.md

# Regenerates the golden outputs of the shipped scenarios (review the diff!).
golden: build
	$(PY) tests/golden/update.py --build $(BUILD)

build: deps
	cmake --preset $(PRESET) $(CMAKE_ARGS) > $(STAMPS)/configure.log || { cat $(STAMPS)/configure.log; exit 1; }
	cmake --build --preset $(PRESET)

deps: $(STAMPS)/apt $(VENV)/.installed

# The Python package (gwsim, with its extension gwsim._core) installed into .venv. pyproject.toml
# names no build folder (a plain `pip install .` builds in a temporary one, outside the tree); here
# scikit-build-core is given build/python, so a reinstall after a change recompiles only what changed,
# file by file (without pyproject.toml's unity build, except in CI: PY_UNITY). PY_BUILD_JOBS compile jobs, as the presets' "jobs".
PY_BUILD_JOBS ?= 2
PIP_BUILD := CMAKE_BUILD_PARALLEL_LEVEL=$(PY_BUILD_JOBS) $(PY) -m pip
# In CI (a clean tree, built once) the sources compile as unity translation units of 8, as in pyproject.toml:
# about four times faster from scratch; locally file by file, so that a change recompiles one file.
PY_UNITY := $(if $(filter true 1,$(CI)),ON,OFF)
PY_BUILD_SETTINGS := --config-settings=build-dir=build/python --config-settings=cmake.define.CMAKE_UNITY_BUILD=$(PY_UNITY)
PY_PACKAGE_INPUTS := pyproject.toml CMakeLists.txt $(wildcard scenarios/*.json) \
  $(shell find sim bindings -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.py' -o -name 'CMakeLists.txt' \) 2>/dev/null)
$(VENV)/.gwsim-package: $(VENV)/.installed $(PY_PACKAGE_INPUTS)
	$(PIP_BUILD) install -q --disable-pip-version-check --no-build-isolation --no-deps \
	  $(PY_BUILD_SETTINGS) .
	@touch $@

python: $(VENV)/.gwsim-package

# make wheel: the gwsim wheel in build/wheel/dist, built by pip from this tree in make python's CMake
# build (build/python), so after make python, or a first make wheel, it only re-runs CMake's configure
# and install (seconds).
WHEEL := build/wheel
GWSIM_VERSION := $(shell sed -n 's/^project.gwsim VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
$(WHEEL)/.built: $(VENV)/.installed $(PY_PACKAGE_INPUTS) README.md
	rm -rf $(WHEEL)/dist
	$(PIP_BUILD) wheel -q --disable-pip-version-check --no-build-isolation --no-deps \
	  $(PY_BUILD_SETTINGS) -w $(WHEEL)/dist .
	@touch $@
	@echo "wheel: $$(ls $(WHEEL)/dist/*.whl)"

wheel: $(WHEEL)/.built

# pip's default build leaves the source tree as it was (part of make wheel-smoke): pip builds a wheel of
# a clean copy of the tree (build/wheel/src: the files git tracks or would track) with pyproject.toml's
# settings, so in a temporary build folder, running CMake's configure and install but no compiler
# (build.targets=rebuild_cache, install.components=none: seconds); the copy must come out unchanged.
$(WHEEL)/.clean-tree: $(VENV)/.installed pyproject.toml CMakeLists.txt bindings/CMakeLists.txt sim/CMakeLists.txt
	rm -rf $(WHEEL)/src $(WHEEL)/clean-tree-dist
	mkdir -p $(WHEEL)/src
	git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do \
	  if [ -f "$$f" ]; then printf '%s\0' "$$f"; fi; done | xargs -0 cp -p --parents -t $(WHEEL)/src
	cd $(WHEEL)/src && find . | sort > ../src-files.txt
	cd $(WHEEL)/src && $(CURDIR)/$(PY) -m pip wheel -q --disable-pip-version-check --no-build-isolation --no-deps \
	  --config-settings=build.targets=rebuild_cache --config-settings=install.components=none \
	  -w ../clean-tree-dist . > ../clean-tree.log 2>&1 || { tail -40 ../clean-tree.log; exit 1; }
	cd $(WHEEL)/src && find . | sort | diff ../src-files.txt - \
	  || { echo "pip's build wrote into the source tree (above: > new, < gone)"; exit 1; }
	@echo "wheel: pip's default build wrote nothing into a clean copy of the tree"
	@touch $@

# make wheel-smoke (part of make test): the clean-tree check above, then a fresh virtualenv
# build/wheel/venv, the wheel installed into it with its [analyst] extra from PyPI (versions constrained
# to requirements-dev.txt's pins; the install time is printed and kept in build/wheel/install-time.txt),
# and tests/wheel_smoke.py run from outside the tree. Skipped when nothing they depend on has changed.
$(WHEEL)/.smoke: $(WHEEL)/.built $(WHEEL)/.clean-tree tests/wheel_smoke.py requirements-dev.txt
	rm -rf $(WHEEL)/venv
	python3 -m venv $(WHEEL)/venv
	sed 's/\[[^]]*\]//' requirements-dev.txt > $(WHEEL)/constraints.txt
	start=$$EPOCHREALTIME; \
	$(WHEEL)/venv/bin/python -m pip install -q --disable-pip-version-check -c $(WHEEL)/constraints.txt \
	  "$$(ls $(WHEEL)/dist/gwsim-*.whl)[analyst]"; \
	awk -v a=$$start -v b=$$EPOCHREALTIME 'BEGIN { printf "wheel-smoke: pip install gwsim[analyst] into a fresh virtualenv took %.1f s\n", b - a }' \
	  | tee $(WHEEL)/install-time.txt
	cd $(WHEEL) && venv/bin/python $(CURDIR)/tests/wheel_smoke.py --version $(GWSIM_VERSION) --scenarios $(CURDIR)/scenarios
	@touch $@

wheel-smoke: $(WHEEL)/.smoke

# Installs only the packages that are missing; re-checked when this Makefile changes.
$(STAMPS)/apt: Makefile
	@mkdir -p $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:" $$missing; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing > $(STAMPS)/apt.log \
	      || { cat $(STAMPS)/apt.log; exit 1; }; \
	  else \
	    echo "error[setup.apt] missing Debian packages; run as root or: sudo apt-get install" $$missing >&2; \
	    exit 1; \
	  fi; \
	fi
	@touch $@

# The project virtualenv, rebuilt when the pinned requirements change.
$(VENV)/.installed: requirements-dev.txt $(STAMPS)/apt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

clean:
	rm -rf build out

distclean: clean
	rm -rf $(VENV)
