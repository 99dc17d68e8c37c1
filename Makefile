# The README's commands. `make test` runs every test and is what CI runs.
GO ?= go

.PHONY: build test lint run compose-check

build:
	$(GO) build -o bin/kestra-temporal ./cmd/kestra-temporal

test: lint
	./scripts/test

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

compose-check:
	./scripts/check-compose
