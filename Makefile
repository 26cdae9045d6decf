# Faultline — two commands on a fresh machine:
#   make demo   installs what is missing, builds, and runs the flagship scenario
#   make test   runs every test
SWIFT ?= swift
CONFIG ?= release
FLAGSHIP ?= scenarios/web-instance-loss.yaml

.PHONY: demo setup build test validate bench clean

demo: setup build
	$(SWIFT) run -c $(CONFIG) faultline run $(FLAGSHIP) --out out/web-instance-loss

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
