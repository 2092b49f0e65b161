# citegraph: make run (main job on the embedded default), make test (every test).
GO      ?= go
BIN     := bin/citegraph
OUT     ?= citegraph-out
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build run test deps bench lint install fuzz clean

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/citegraph

## run: build and run `citegraph build` on the embedded list, no network -> ./citegraph-out/
run: build
	./$(BIN) build --out $(OUT)

## deps: install the tools the tests need (bibtex, networkx) if missing
deps:
	bash .ci/deps

## test: every test, with the real tools they need
test: deps
	$(GO) test -count=1 ./...

## bench: the Go benchmarks, then citegraph vs python-igraph and networkx on
## Price-model graphs of BENCH_SIZES papers (10 citations each; kept in
## BENCH_DIR; best of BENCH_RUNS runs), with ratios and peak memory; installs
## igraph/networkx if missing
BENCH_SIZES ?= 10k,100k,1m
BENCH_RUNS  ?= 2
BENCH_DIR   ?= $(or $(TMPDIR),/tmp)/citegraph-bench
bench: build deps
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) run ./graph/rankbench -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) -dir $(BENCH_DIR) -citegraph $(BIN)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

install:
	$(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/citegraph

## fuzz: run every fuzz target for FUZZTIME each
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin $(OUT)
