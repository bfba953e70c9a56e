# bb — build, test, install.
#
# Knobs (on the command line, in the environment, or in config.mak):
#   prefix=/usr/local   where `make install` puts bb
#   DESTDIR=            staging root for packagers
#   CC, CFLAGS, LDFLAGS the usual
#   WERROR=1            warnings are errors (CI sets it)
#   SANITIZE=1          build with AddressSanitizer and UBSan, at -O0 (build-asan/)
#   MEMCHECK=1          build for valgrind, at -O0 (build-memcheck/)
#   MEMCHECK_TESTS=     test files for `make memcheck` (default: t/memcheck.sh's set)
#   FAULTS=1            compile in the BB_FAULT test hook (never for release)
#   V=1                 show every command
#   BATS_FLAGS=         extra flags for bats (e.g. -f commit)
#   STRESS_KILLS=2000   random SIGKILLs of bb commit in `make stress` (CI: 200)
#   FUZZ_SECONDS=60     how long `make fuzz` runs each libFuzzer harness (clang)
-include config.mak

VERSION = 0.1.0
prefix ?= /usr/local
bindir = $(prefix)/bin
libexecdir = $(prefix)/libexec/bb
mandir = $(prefix)/share/man
bashcompdir = $(prefix)/share/bash-completion/completions

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
ifeq ($(FAULTS),1)
CFLAGS += -DBB_FAULTS
endif
# The checking builds are -O0: optimised code need not keep a pointer that
# main no longer uses once it calls exit(), so memory held until a fatal
# error would be reported as leaked. A sanitizer finding is never recovered.
ifeq ($(SANITIZE),1)
CFLAGS += -O0 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else ifeq ($(MEMCHECK),1)
CFLAGS += -O0
endif

PKGS = libcurl libcjson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# Each kind of build has its own folder, so they never mix objects.
ifeq ($(SANITIZE),1)
B = build-asan
else ifeq ($(MEMCHECK),1)
B = build-memcheck
else ifeq ($(FAULTS),1)
B = build-faults
else
B = build
endif
ALL_CFLAGS = -std=gnu11 $(WARNINGS) $(CFLAGS) -Ilib -I$(B) -I$(dir $<) $(PKG_CFLAGS) \
	-D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DBB_VERSION='"$(VERSION)"' \
	-DBB_LIBEXECDIR='"$(libexecdir)"' -MMD -MP
# Only programs that reach the engine keep libcurl: it costs milliseconds to load.
ALL_LDFLAGS = $(LDFLAGS) -Wl,--as-needed -pthread

# Programs are the bb*.c files; other .c files of a backend folder are that
# backend's shared code, linked into its programs only.
SRCS := $(sort $(wildcard porcelain/bb*.c plumbing/bb-*.c backends/*/bb-*.c))
PROGS := $(notdir $(SRCS:.c=))
BACKENDS := $(notdir $(wildcard backends/*))
backend_objs = $(patsubst %.c,$(B)/%.o,$(filter-out $(wildcard backends/$(1)/bb-*.c),$(wildcard backends/$(1)/*.c)))
# An archive, so a program links only the objects it uses (and no libcurl
# when it never reaches the engine).
backend_lib = $(if $(call backend_objs,$(1)),$(B)/backends/$(1)/lib$(1).a)
LIB_SRCS := $(sort $(wildcard lib/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
PAGES_SRC := $(sort $(wildcard Documentation/*.scd))
# Documentation/bb-foo.1.scd becomes build/man/man1/bb-foo.1, as man(1) looks.
page_out = $(B)/man/man$(subst .,,$(suffix $(basename $(1))))/$(notdir $(basename $(1)))
PAGES := $(foreach p,$(PAGES_SRC),$(call page_out,$(p)))
SHELL_FILES := $(sort $(wildcard t/*.bash t/*.sh t/fuzz/*.sh t/fakes/* bench/*.sh lib/*.sh lib/*.bash .ci/run))

ifeq ($(V),1)
Q =
say =
else
Q = @
say = @printf '  %-8s %s\n' $(1) $(2);
endif

all: $(addprefix $(B)/,$(PROGS)) $(PAGES) $(B)/.command-list-ok

$(B)/%.o: %.c $(B)/command-list.h
	@mkdir -p $(dir $@)
	$(call say,CC,$@)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libbb.a: $(LIB_OBJS)
	$(call say,AR,$@)rm -f $@ && $(AR) rcs $@ $^

define prog_rule
$(B)/$(notdir $(1:.c=)): $(B)/$(1:.c=.o) $(2) $(B)/libbb.a
	$$(call say,LINK,$$@)$$(CC) $$(ALL_CFLAGS) -o $$@ $$< $(2) $(B)/libbb.a $$(ALL_LDFLAGS) $$(PKG_LIBS)
endef
$(foreach b,$(BACKENDS),$(if $(call backend_objs,$(b)),$(eval $(call backend_lib,$(b)): $(call backend_objs,$(b)) ; $$(call say,AR,$$@)rm -f $$@ && $$(AR) rcs $$@ $$^)))
$(foreach s,$(SRCS),$(eval $(call prog_rule,$(s),$(if $(filter backends/%,$(s)),$(call backend_lib,$(word 2,$(subst /, ,$(s))))))))

$(B)/command-list.h: Documentation/command-list.txt lib/generate-cmdlist.sh
	@mkdir -p $(B)
	$(call say,GEN,$@)sh lib/generate-cmdlist.sh header $< >$@

# The command list, the programs and the pages must agree.
$(B)/.command-list-ok: Documentation/command-list.txt lib/generate-cmdlist.sh $(SRCS) $(PAGES_SRC)
	$(call say,CHECK,command-list)sh lib/generate-cmdlist.sh check $< && touch $@

define page_rule
$(call page_out,$(1)): $(1)
	@mkdir -p $$(dir $$@)
	$$(call say,SCDOC,$$@)scdoc <$$< >$$@
endef
$(foreach p,$(PAGES_SRC),$(eval $(call page_rule,$(p))))

# The fault-injection build (FAULTS=1, BB_FAULT=step:n) is built beside the
# one under test; the reliability tests run its programs.
check: all faults
	BB_BUILD=$(abspath $(B)) BB_FAULT_BUILD=$(abspath build-faults) \
		bats --print-output-on-failure $(BATS_FLAGS) t/

faults:
	@$(MAKE) -s FAULTS=1 SANITIZE= MEMCHECK= all

# A sanitizer finding exits 86, a status no bb program uses: ASan's default,
# 1, would pass a test that expects bb's "no".
ifeq ($(SANITIZE),1)
check: export ASAN_OPTIONS ?= detect_leaks=1:exitcode=86
check: export UBSAN_OPTIONS ?= print_stacktrace=1:exitcode=86
endif

# Every program of a chain under valgrind memcheck (t/memcheck.sh).
memcheck:
	@$(MAKE) -s MEMCHECK=1 SANITIZE= FAULTS= all
	BB_BUILD=$(abspath build-memcheck) bash t/memcheck.sh $(BATS_FLAGS) $(MEMCHECK_TESTS)

FUZZ_SECONDS ?= 60
# libFuzzer harnesses of every parser, built with clang into build-fuzz/.
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash t/fuzz/run.sh

STRESS_KILLS ?= 2000
# The reliability tests with many more random kills than CI's 200.
stress: all faults
	BB_BUILD=$(abspath $(B)) BB_FAULT_BUILD=$(abspath build-faults) \
		BB_STRESS_KILLS=$(STRESS_KILLS) \
		bats --print-output-on-failure $(BATS_FLAGS) $(wildcard t/t5*.bats)

lint: all
	shellcheck -x $(SHELL_FILES) $(wildcard t/*.bats)
	cppcheck --quiet --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr --suppress=missingIncludeSystem \
		--suppress=variableScope \
		-Ilib -I$(B) $(addprefix -I,$(wildcard backends/*)) $(LIB_SRCS) \
		$(wildcard porcelain/*.c plumbing/*.c backends/*/*.c)
	clang-tidy --quiet $(LIB_SRCS) $(wildcard porcelain/*.c plumbing/*.c backends/*/*.c) -- \
		-std=gnu11 -D_GNU_SOURCE -Ilib -I$(B) $(addprefix -I,$(wildcard backends/*)) $(PKG_CFLAGS) \
		-DBB_VERSION='"$(VERSION)"' -DBB_LIBEXECDIR='"$(libexecdir)"'

DEPS = build-essential pkg-config libcurl4-openssl-dev libcjson-dev bats \
	bats-assert bats-support bats-file shellcheck scdoc docker.io \
	busybox-static man-db bsdutils util-linux curl hyperfine cppcheck \
	clang-tidy jq python3 time procps valgrind clang libclang-rt-14-dev \
	docker-registry
deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEPS)

# The README's first command: install what is missing, build, show the main job.
demo:
	@missing=; for c in cc make pkg-config scdoc dockerd docker busybox curl; do \
		command -v $$c >/dev/null || missing="$$missing $$c"; done; \
	pkg-config --exists $(PKGS) 2>/dev/null || missing="$$missing libs"; \
	if [ -n "$$missing" ]; then echo "demo: installing what is missing:$$missing"; \
		$(MAKE) deps; fi
	@$(MAKE) -s all
	bash t/demo.sh

# Benchmarks (bench/README.md): as root, or with BB_BENCH_DOCKER_HOST set.
# BENCH= picks cases, e.g. make bench BENCH="running ls".
bench: $(addprefix $(B)/,$(PROGS))
	BB_BUILD=$(abspath $(B)) bash bench/run.sh $(BENCH)

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libexecdir)
	install -m 0755 $(B)/bb $(DESTDIR)$(bindir)/bb
	install -m 0755 $(addprefix $(B)/,$(filter-out bb,$(PROGS))) $(DESTDIR)$(libexecdir)/
	for p in $(PAGES:$(B)/man/%=%); do \
		install -d $(DESTDIR)$(mandir)/$$(dirname $$p); \
		install -m 0644 $(B)/man/$$p $(DESTDIR)$(mandir)/$$p; done
	install -d $(DESTDIR)$(bashcompdir)
	install -m 0644 lib/completion.bash $(DESTDIR)$(bashcompdir)/bb

uninstall:
	rm -f $(DESTDIR)$(bindir)/bb
	rm -f $(addprefix $(DESTDIR)$(libexecdir)/,$(filter-out bb,$(PROGS)))
	-rmdir $(DESTDIR)$(libexecdir)
	for p in $(PAGES:$(B)/man/%=%); do rm -f $(DESTDIR)$(mandir)/$$p; done
	rm -f $(DESTDIR)$(bashcompdir)/bb

clean:
	rm -rf build build-asan build-faults build-fuzz build-memcheck

.PHONY: all check faults memcheck fuzz stress lint deps demo bench install uninstall clean
.DELETE_ON_ERROR:
-include $(shell find $(B) -name '*.d' 2>/dev/null)
