# Faultline — two commands on a fresh machine:
#   make demo   installs what is missing, builds, and runs the flagship scenario
#   make test   runs every test
SWIFT ?= swift
CONFIG ?= release
FLAGSHIP ?= scenarios/multi-az-web.yaml

.PHONY: demo setup build test validate bench clean

demo: setup build
	$(SWIFT) run -c $(CONFIG) faultline run $(FLAGSHIP) --out out/multi-az-web

setup:
	@./scripts/setup.sh

build:
	$(SWIFT) build -c $(CONFIG) --product faultline

test:
	@./scripts/test.sh

validate:
	$(SWIFT) run faultline validate scenarios/*.yaml

bench:
	cd benchmarks && $(SWIFT) package benchmark

clean:
	rm -rf .build out
