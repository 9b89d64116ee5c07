# swaptrack: `make run` to use it, `make test` to check it. See README.md.

ifeq ($(origin CC),default)
CC      := gcc
endif
PKGS    := libmicrohttpd jansson libpq
# CFLAGS and LDFLAGS can be overridden from the command line (sanitizer and fuzz builds do);
# the pkg-config flags are always added.
CFLAGS  ?= -O2 -g
LDFLAGS ?=
WARN    := -std=c11 -Wall -Wextra -Werror
# POSIX and GNU extensions (strdup, asprintf, getopt_long) on top of C11.
DEFS    := -D_GNU_SOURCE
BUILD   ?= build

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
ALL_CFLAGS = $(WARN) $(DEFS) $(CFLAGS) $(PKG_CFLAGS) -Iserver -I. -MMD -MP

# server/<layer>/*.c (and a layer's subfolders: server/engine/<subsystem>/*.c) and models/*.c:
# see ARCHITECTURE.md.
SERVER_SRC := $(wildcard server/*/*.c server/*/*/*.c)
MODEL_SRC  := $(wildcard models/*.c)
# Everything but main.c also goes into the test binaries.
LIB_SRC    := $(filter-out server/program/main.c,$(SERVER_SRC)) $(MODEL_SRC)
LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ   := $(BUILD)/obj/server/program/main.o

TEST_PKGS    := cmocka libcurl yaml-0.1
TEST_CFLAGS   = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null) -Itests
TEST_LIBS     = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
UNIT_SRC     := $(wildcard tests/unit/test_*.c)
HTTP_SRC     := $(wildcard tests/http/test_*.c)
HARNESS_SRC  := $(filter-out tests/http/test_%.c,$(wildcard tests/http/*.c))
UNIT_BIN     := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
HTTP_BIN     := $(HTTP_SRC:tests/http/%.c=$(BUILD)/tests/http/%)
HARNESS_OBJ  := $(HARNESS_SRC:%.c=$(BUILD)/obj/%.o)

.SECONDARY:
.PHONY: all deps web run test check test-build test-e2e test-sanitize fuzz memcheck generated schema \
	format db-stop clean
.DEFAULT_GOAL := all

all: $(BUILD)/swaptrack

# Installs missing system packages; does nothing (quickly) when all are present.
deps:
	@scripts/install-deps --if-needed

$(BUILD)/swaptrack: $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(BUILD)/tests/http/%: $(BUILD)/obj/tests/http/%.o $(HARNESS_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# The program with one resource more (tests/fixtures/extra/: widgets, in place of the registry),
# for the browser test that finds it on every screen of the dashboard (tests/e2e/extra.test.mjs).
EXTRA_OBJ    := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/fixtures/extra/*.c))
$(BUILD)/tests/swaptrack-extra: $(MAIN_OBJ) $(filter-out $(BUILD)/obj/models/registry.o,$(LIB_OBJ)) $(EXTRA_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The program whose allocations fail on demand (tests/failalloc/failalloc.c): in a request that
# carries X-Fail-Alloc: N, the Nth allocation of its thread fails (tests/http/test_alloc.c).
FAILALLOC_WRAP := malloc calloc realloc strdup strndup asprintf vasprintf
$(BUILD)/tests/swaptrack-failalloc: $(MAIN_OBJ) $(LIB_OBJ) $(BUILD)/obj/tests/failalloc/failalloc.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $(FAILALLOC_WRAP:%=-Wl,--wrap=%) -o $@ $^ $(PKG_LIBS)

test-build: $(BUILD)/swaptrack $(UNIT_BIN) $(HTTP_BIN) $(BUILD)/tests/swaptrack-extra \
	$(BUILD)/tests/swaptrack-failalloc

# The dashboard's third-party files, from npm as package-lock.json pins them, into web/vendor/.
WEB_VENDOR := web/vendor/uPlot.esm.js web/vendor/uPlot.min.css

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/vendor/%: node_modules/.package-lock.json
	@mkdir -p web/vendor
	cp node_modules/uplot/dist/$* $@

web: $(WEB_VENDOR)

# With no DATABASE_URL, the project's own cluster under .data/ (made once, kept across runs).
run: deps
	@$(MAKE) --no-print-directory all web
	@scripts/run

# A throwaway cluster, every test, one summary line; the exit code tells the truth.
test: deps
	@scripts/install-deps --if-needed test
	@$(MAKE) --no-print-directory test-build web
	@scripts/run-tests

# The one-minute loop: the format, the layers, the unit tests and the HTTP tests that take a few
# seconds each (CHECK_HTTP: the writes, lists, filters, shapes, validators, batches, access,
# idempotency and the duplicate guard; make test runs all of them).
CHECK_HTTP := access batch collections duplicates filters idempotency lists seed \
	shapes validators writes
check: deps
	@scripts/install-deps --if-needed test
	@$(MAKE) --no-print-directory $(BUILD)/swaptrack $(UNIT_BIN) \
		$(CHECK_HTTP:%=$(BUILD)/tests/http/test_%)
	@scripts/check-format
	@scripts/check-layers --objects $(BUILD)/obj
	@SUITES="unit http" ONLY="$(UNIT_BIN:$(BUILD)/tests/unit/%=%) $(CHECK_HTTP:%=test_%)" \
		scripts/run-tests

# Every C file through clang-format-14 (.clang-format); make test fails on one it would change.
format:
	@scripts/check-format --fix

# Only the browser tests (make test runs them too).
test-e2e: deps
	@scripts/install-deps --if-needed test
	@$(MAKE) --no-print-directory all web $(BUILD)/tests/swaptrack-extra
	@SUITES=e2e scripts/run-tests

# The whole suite again with AddressSanitizer and UBSan in the server and the tests; any report
# in a server's log fails the test that started it.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
test-sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS='$(SAN_FLAGS)' \
		LDFLAGS='-fsanitize=address,undefined' test-build web
	@BUILD=build/asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1 scripts/run-tests

# libFuzzer targets (clang), each run for FUZZ_SECONDS from the seeds in tests/fuzz/corpus/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := body query types route http merge anchor extract lsn counts quotes dates names
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_OBJ     := $(LIB_SRC:%.c=build/fuzz/obj/%.o)

# -MMD: a fuzz object is rebuilt when a header it includes changes (a stale one read structs
# of another layout).
build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		$(PKG_CFLAGS) -Iserver -I. -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined \
		$(PKG_CFLAGS) -Iserver -I. -o $@ $^ $(PKG_LIBS)

fuzz:
	@scripts/install-deps --if-needed fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@scripts/run-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The HTTP tests with every server under valgrind: any definite leak or memory error fails.
memcheck:
	@scripts/install-deps --if-needed memcheck
	@$(MAKE) --no-print-directory test-build web
	@SWAPTRACK_WRAP="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=97" \
		SUITES=http scripts/run-tests

# The committed files made from the code, written again after a change to a field table:
# sql/schema.sql, the schema a fresh database gets (test_schema holds databases to it), and
# api-docs/openapi.json (test_docs compares it with what the server serves).
generated: schema
	$(BUILD)/swaptrack openapi > api-docs/openapi.json.tmp && mv api-docs/openapi.json.tmp api-docs/openapi.json

schema: all
	@scripts/schema-dump > sql/schema.sql.tmp && mv sql/schema.sql.tmp sql/schema.sql

db-stop:
	@scripts/pg-cluster stop .data

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj build/fuzz/obj -name '*.d' 2>/dev/null)
