# Faultline — two commands on a fresh machine:
#   make demo   installs what is missing, builds, and runs the flagship scenario
#   make test   runs every test
#   make test-fast   the quick lane (under two minutes once built): the Swift suite without the
#                    slow suites listed in SLOW_SUITES; no set-up, no Python
SWIFT ?= swift
CONFIG ?= release
FLAGSHIP ?= scenarios/web-instance-loss.yaml

.PHONY: demo setup build test test-fast validate bench clean

demo: setup build
	$(SWIFT) run -c $(CONFIG) faultline run $(FLAGSHIP) --out out/web-instance-loss

setup:
	@./scripts/setup.sh

build:
	$(SWIFT) build -c $(CONFIG) --product faultline

test:
	@./scripts/test.sh

# Suites that run whole scenarios many times or spawn `faultline` processes (all of
# FaultlineCLITests); `make test` runs them, `make test-fast` skips them (docs/performance.md).
SLOW_SUITES ?= FaultlineCLITests|ShippedScenarioTests|QueueingTheoryTests|TemplateFuzzTests|LibraryScenarioTests

test-fast:
	$(SWIFT) test --skip '$(SLOW_SUITES)'

validate:
	$(SWIFT) run faultline validate scenarios/*.yaml

bench:
	cd benchmarks && $(SWIFT) package benchmark

clean:
	rm -rf .build out
