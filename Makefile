# Copydesk — the two commands are `make run` and `make test`.
SHELL := /bin/bash
export GOTOOLCHAIN := local

BIN := $(CURDIR)/bin
DATA_DIR ?= $(CURDIR)/.data

# Pinned code generation tools (installed into ./bin, offline after the Go
# module proxy has served them once).
BUF_VERSION := v1.75.0
PROTOC_GEN_GO_VERSION := v1.36.12
PROTOC_GEN_GO_GRPC_VERSION := v1.6.2
GRPC_GATEWAY_VERSION := v2.33.0
# Offline schema validation of the Kubernetes overlays (built-in 1.30 schemas).
KUBECTL_VALIDATE_VERSION := v0.0.4
# google/api protos come from this module's third_party/googleapis.
GOOGLEAPIS_MODULE := github.com/grpc-ecosystem/grpc-gateway@v1.16.0

# A service is a directory of services/ with a main.go (knowledge has only its
# core packages until its wiring lands).
SERVICES := $(notdir $(patsubst %/main.go,%,$(wildcard services/*/main.go)))
BINARIES := $(SERVICES) gateway copydesk-dev devdb

.PHONY: all build run admin test test-unit test-e2e test-browser generate check-generated lint tools bench fuzz clean fmt vet k8s-check suites load faults drain perf

all: build

## build: compile every binary into ./bin, static (CGO off) and with gRPC's
## grpcnotrace tag like the images (deploy/Dockerfile; the tag is
## stack.BuildTags, see tools/devstack/stack/services.go)
GO_BUILD_TAGS := grpcnotrace
build: export CGO_ENABLED=0
build:
	@mkdir -p $(BIN)
	@for s in $(SERVICES); do go build -trimpath -tags $(GO_BUILD_TAGS) -o $(BIN)/$$s ./services/$$s || exit 1; done
	go build -trimpath -tags $(GO_BUILD_TAGS) -o $(BIN)/gateway ./gateway
	go build -trimpath -tags $(GO_BUILD_TAGS) -o $(BIN)/copydesk-dev ./tools/devstack/cmd/copydesk-dev
	go build -trimpath -tags $(GO_BUILD_TAGS) -o $(BIN)/devdb ./tools/devstack/cmd/devdb

## admin: build the admin console (web/admin → web/admin/dist, served at
## /admin) when npm is present; ADMIN=0 skips it. npm ci runs when the
## lockfile is newer than node_modules, the build when a source is newer.
ADMIN ?= 1
ADMIN_SRC := web/admin/package-lock.json web/admin/index.html web/admin/vite.config.js $(shell find web/admin/src -type f 2>/dev/null)
admin:
	@if [ "$(ADMIN)" = "0" ]; then echo "admin console: skipped (ADMIN=0)"; \
	elif ! command -v npm >/dev/null 2>&1; then echo "admin console: npm not found, not built (/admin answers 404)"; \
	else cd web/admin && \
	  { [ node_modules/.package-lock.json -nt package-lock.json ] || { echo "admin console: npm ci"; npm ci --no-audit --no-fund --loglevel=error; }; } && \
	  if [ -z "$$(find $(ADMIN_SRC:web/admin/%=%) -newer dist/index.html 2>/dev/null)" ] && [ -f dist/index.html ]; then \
	    echo "admin console: up to date (skip with ADMIN=0 make run)"; \
	  else echo "admin console: building web/admin (skip with ADMIN=0 make run)"; npm run -s build -- --logLevel warn; fi; \
	fi

## run: the whole stack (embedded FerretDB unless MONGO_URI is set)
run: build admin
	@DATA_DIR=$(DATA_DIR) $(BIN)/copydesk-dev

## test: generated code up to date, lint, vet, the deployment files
## (k8s-check), the admin console in a real browser (when Chromium is there,
## and always in CI, where the script installs it), unit + store + end-to-end
## tests
test: check-generated vet build k8s-check
	@if [ -n "$$CI" ] || command -v chromium >/dev/null; then tools/browsertest/run.sh; \
	  else echo "browser test skipped: no chromium here (make test-browser installs it)"; fi
	@DATA_DIR= $(BIN)/devdb -- bash -c 'go test -count=1 -race -timeout 30m $(TEST_FLAGS) $$(go list -f "{{.Dir}}/..." -m | grep -v "/gen$$")'
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(TEST_FUZZTIME)
	@$(MAKE) --no-print-directory suites

## suites: the reliability suites' short modes (make test runs them): 60 s
## of load, kill -9 of each service and a database outage, then SIGTERM of
## each service with a second replica; see e2e/cmd/copydesk-suite.
SUITE := go run ./e2e/cmd/copydesk-suite
USERS ?= 8
DURATION ?= 60s
suites:
	@$(SUITE) ci -users $(USERS) -duration $(DURATION)

## load: the mixed workload for DURATION with USERS virtual users (e.g.
## `make load DURATION=10m USERS=32`); faults / drain: one suite each;
## perf: the performance bench (results go in docs/performance.md).
load:
	@$(SUITE) load -users $(USERS) -duration $(DURATION)
faults:
	@$(SUITE) faults -users $(USERS)
drain:
	@$(SUITE) drain -users $(USERS)
perf:
	@$(SUITE) perf

## fuzz: every fuzz target for FUZZTIME each (make test: 20000 inputs each, a
## count and not a time: with a duration, Go 1.26's fuzz coordinator can fail a
## clean run at its deadline, golang/go#75804; e.g.
## `make fuzz FUZZTIME=10m` for a long local run). Seed corpora are in each
## package's testdata/fuzz; a failure writes its input there.
FUZZTIME ?= 1m
TEST_FUZZTIME ?= 20000x
FUZZ_TARGETS := pkg/ids:FuzzParse pkg/authn:FuzzVerify pkg/listing:FuzzNewPage pkg/listing:FuzzFilter \
	pkg/netguard:FuzzCheckURL pkg/netguard:FuzzCheckIP \
	gateway/internal/edge:FuzzBodyDecoding \
	services/knowledge/internal/chunk:FuzzChunkMarkdown services/knowledge/internal/chunk:FuzzChunkHTML
fuzz:
	@for t in $(FUZZ_TARGETS); do dir=$${t%%:*}; name=$${t##*:}; echo "fuzz $$name ($$dir, $(FUZZTIME))"; \
	  (cd $$dir && go test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) .) || exit 1; done

## test-browser: the admin console in headless Chromium against the real stack
test-browser:
	@tools/browsertest/run.sh

## k8s-check: what CI checks of the deployment files: docker-compose config -q
## (apt-get installs docker-compose in CI), every Kubernetes overlay rendered
## with kustomize, Copydesk's policy, and kubectl-validate against the
## Kubernetes 1.30 schemas offline (tools/k8scheck)
k8s-check: $(BIN)/kubectl-validate
	@KUBECTL_VALIDATE=$(BIN)/kubectl-validate tools/k8scheck/run.sh

## bench: benchmarks (BENCH=regexp picks some, e.g. make bench BENCH=LLMStreamOverhead)
BENCH ?= .
bench: build
	@$(BIN)/devdb -- bash -c 'go test -run "^$$" -bench "$(BENCH)" -benchmem $$(go list -f "{{.Dir}}/..." -m | grep -v "/gen$$")'

vet:
	go vet $$(go list -f '{{.Dir}}/...' -m)

tools: $(BIN)/buf $(BIN)/protoc-gen-go $(BIN)/protoc-gen-go-grpc $(BIN)/protoc-gen-grpc-gateway $(BIN)/protoc-gen-openapiv2

$(BIN)/kubectl-validate:
	GOBIN=$(BIN) go install sigs.k8s.io/kubectl-validate@$(KUBECTL_VALIDATE_VERSION)
$(BIN)/buf:
	GOBIN=$(BIN) go install github.com/bufbuild/buf/cmd/buf@$(BUF_VERSION)
$(BIN)/protoc-gen-go:
	GOBIN=$(BIN) go install google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
$(BIN)/protoc-gen-go-grpc:
	GOBIN=$(BIN) go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@$(PROTOC_GEN_GO_GRPC_VERSION)
$(BIN)/protoc-gen-grpc-gateway:
	GOBIN=$(BIN) go install github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway@$(GRPC_GATEWAY_VERSION)
$(BIN)/protoc-gen-openapiv2:
	GOBIN=$(BIN) go install github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2@$(GRPC_GATEWAY_VERSION)

third_party/googleapis/google/api/annotations.proto:
	@dir=$$(go mod download -json $(GOOGLEAPIS_MODULE) | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'); \
	  test -n "$$dir" || { echo "cannot download $(GOOGLEAPIS_MODULE)"; exit 1; }; \
	  mkdir -p third_party/googleapis/google && rm -rf third_party/googleapis/google/api && \
	  cp -r $$dir/third_party/googleapis/google/api third_party/googleapis/google/ && chmod -R u+w third_party

## generate: regenerate gen/ from proto/ with the pinned plugins
generate: tools third_party/googleapis/google/api/annotations.proto
	$(BIN)/buf format -w proto
	$(BIN)/buf lint
	find gen -name '*.pb.go' -o -name '*.pb.gw.go' | xargs -r rm -f
	rm -f gen/openapi/*.swagger.json
	PATH=$(BIN):$$PATH $(BIN)/buf generate proto

## check-generated: fail when gen/ is not what `make generate` makes
check-generated: generate
	@git diff --exit-code --stat -- gen proto || { echo "generated code is stale: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- gen proto)" || { git status --porcelain -- gen proto; echo "untracked generated files: run 'make generate' and commit"; exit 1; }

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf $(BIN) third_party
