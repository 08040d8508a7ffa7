# callscope — common tasks. `make test` is the test command CI runs.

GO ?= go
PKGS := ./...
FUZZTIME ?= 10s

.PHONY: all build test test-deps bench fuzz-short lint demo clean

all: lint test

build:
	$(GO) build -o bin/callscope ./cmd/callscope

# The whole test suite: unit, golden, conformance, browser and end-to-end
# CLI tests, after installing what they need (Chromium, Azurite) when it is
# missing.
test: test-deps
	$(GO) test -count=1 $(PKGS)

test-deps:
	@sh tools/test-deps.sh

# Go benchmarks of every package; figures go into issue notes.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

# Every fuzz target for FUZZTIME each, starting from the committed corpus.
fuzz-short:
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$target"; \
	    $(GO) test -run='^$$' -fuzz="^$$target$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=200x $$pkg; \
	  done; \
	done

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

demo:
	$(GO) run ./cmd/callscope serve --demo

clean:
	rm -rf bin
