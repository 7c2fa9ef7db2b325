# lockstep: the only build system.
#
#   make run     install what is missing, build, start the shell
#   make test    install what is missing, build, run every test
#   make asan    the same tests with AddressSanitizer and UBSan
#   make bench   the benchmarks (figures, not pass/fail)
#   make install / uninstall   (PREFIX, DESTDIR)
#
# Libraries, and why each rather than our own code:
#   libcmark   lessons are CommonMark; the reference parser gets every corner
#              of the spec right and gives source positions for file:line
#   readline   the input line: editing, history, completion, inputrc, all
#              behaving the way a student's own shell does
#   ncursesw   the full-screen front end, with wide characters
#   cmocka     unit tests with per-test isolation and readable summaries
#   tmux       end-to-end tests drive a real terminal and read it back

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/lockstep
DATADIR    ?= $(PREFIX)/share/lockstep

BUILD ?= build
CC    ?= cc
OPT   ?= -O2 -g
WARN   = -std=c11 -Wall -Wextra -Wpedantic
# The POSIX feature macro for every file; the few that need a Linux call
# (signalfd, prctl, pipe2) define _GNU_SOURCE themselves and say why.
POSIX  = -D_POSIX_C_SOURCE=200809L
SAN   ?=
CFLAGS_ALL = $(WARN) $(POSIX) $(OPT) $(SAN) -MMD -MP

DEB_PKGS = build-essential pkg-config libreadline-dev libncurses-dev \
	   libcmark-dev libcmocka-dev tmux
PKG_CONFIG ?= pkg-config

# pkg-config is asked lazily (=) so `make deps` works before it is installed.
CMARK_CFLAGS  = $(shell $(PKG_CONFIG) --cflags libcmark 2>/dev/null)
CMARK_LIBS    = $(shell $(PKG_CONFIG) --libs libcmark 2>/dev/null)
RL_CFLAGS     = $(shell $(PKG_CONFIG) --cflags readline 2>/dev/null)
RL_LIBS       = $(shell $(PKG_CONFIG) --libs readline 2>/dev/null)
CURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS   = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
LIBS = $(CMARK_LIBS) $(RL_LIBS) $(CURSES_LIBS) -lm

# ---- the shell ------------------------------------------------------------
PROBE_SRCS = src/probe/probe.c src/probe/param.c src/probe/event.c src/probe/asm.c
SHELL_SRCS = $(filter-out src/probe/probe.c src/main.c,$(wildcard src/*/*.c))
SHELL_OBJS = $(SHELL_SRCS:%.c=$(BUILD)/obj/%.o)
PROBE_OBJS = $(PROBE_SRCS:%.c=$(BUILD)/obj/%.o)

all: $(BUILD)/lockstep demos test-programs

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CMARK_CFLAGS) -c -o $@ $<

# Only ui/ includes readline (and, later, curses); their .pc files add
# feature macros that the rest of the code must not inherit.
$(BUILD)/obj/src/ui/%.o: src/ui/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(RL_CFLAGS) $(CURSES_CFLAGS) -c -o $@ $<

# main.c has the install paths compiled in; config.h changes only when they do.
$(BUILD)/config.h: FORCE
	@mkdir -p $(BUILD)
	@printf '#define LOCKSTEP_VERSION "%s"\n#define LOCKSTEP_LIBEXECDIR "%s"\n#define LOCKSTEP_DATADIR "%s"\n' \
		"$(VERSION)" "$(LIBEXECDIR)" "$(DATADIR)" > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
VERSION = 0.1.0

$(BUILD)/obj/src/main.o: src/main.c $(BUILD)/config.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -I$(BUILD) -c -o $@ $<

$(BUILD)/liblockstep.a: $(SHELL_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/lockstep: $(BUILD)/obj/src/main.o $(BUILD)/liblockstep.a
	$(CC) $(SAN) -o $@ $^ $(LIBS)

# ---- the probe library and the demos --------------------------------------
# Demos are always built the same way, sanitizers or not: a lesson about a
# race must run the code a student would compile.
DEMO_CFLAGS = $(WARN) $(POSIX) -O2 -g -Isrc/probe -pthread

$(BUILD)/obj/probe/%.o: src/probe/%.c
	@mkdir -p $(dir $@)
	$(CC) $(DEMO_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libprobe.a: $(PROBE_SRCS:src/probe/%.c=$(BUILD)/obj/probe/%.o)
	@rm -f $@
	ar rcs $@ $^

# Every lessons/NN-ID/NAME.c becomes $(BUILD)/demos/ID/NAME, and its
# --describe goes into the manifest. A new lesson needs no edit here.
# demo_pairs(SOURCES,OUTDIR) -> "src.c:OUTDIR/ID/NAME" words
demo_pairs = $(foreach f,$(1),$(f):$(2)/$(shell basename $(dir $(f)) | sed 's/^[0-9]*-//')/$(basename $(notdir $(f))))
define demo_rule
$(2): $(1) $(BUILD)/libprobe.a src/probe/probe.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(DEMO_CFLAGS) -o $$@ $$< $(BUILD)/libprobe.a
$(2).desc: $(2)
	@{ echo "demo $(lastword $(subst /, ,$(dir $(2))))/$(notdir $(2))"; $(2) --describe; echo end; } > $$@.tmp && mv $$@.tmp $$@
endef

DEMO_PAIRS = $(call demo_pairs,$(sort $(wildcard lessons/*/*.c)),$(BUILD)/demos)
TEST_DEMO_PAIRS = $(call demo_pairs,$(sort $(wildcard tests/fixtures/lessons-fault/*/*.c)),$(BUILD)/test-demos)
$(foreach p,$(DEMO_PAIRS) $(TEST_DEMO_PAIRS),$(eval $(call demo_rule,$(word 1,$(subst :, ,$(p))),$(word 2,$(subst :, ,$(p))))))
DEMO_BINS = $(foreach p,$(DEMO_PAIRS),$(word 2,$(subst :, ,$(p))))
TEST_DEMO_BINS = $(foreach p,$(TEST_DEMO_PAIRS),$(word 2,$(subst :, ,$(p))))

$(BUILD)/demos/manifest: $(DEMO_BINS:%=%.desc)
	@mkdir -p $(dir $@)
	cat $^ /dev/null > $@
$(BUILD)/test-demos/manifest: $(TEST_DEMO_BINS:%=%.desc)
	@mkdir -p $(dir $@)
	cat $^ /dev/null > $@

# A demo that calls probe_asm gets NAME.asm beside it: its machine code with
# the source lines between (objdump, from binutils, which gcc needs anyway),
# so a lesson can show what a line of C became without pasting it in.
ASM_SRCS = $(shell grep -lw probe_asm lessons/*/*.c 2>/dev/null)
ASM_FILES = $(foreach p,$(call demo_pairs,$(ASM_SRCS),$(BUILD)/demos),$(word 2,$(subst :, ,$(p))).asm)
$(BUILD)/demos/%.asm: $(BUILD)/demos/%
	objdump -d -S --no-show-raw-insn -M intel $< > $@.tmp && mv $@.tmp $@

demos: $(BUILD)/demos/manifest $(ASM_FILES)

# ---- tests ------------------------------------------------------------------
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblockstep.a $(BUILD)/libprobe.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CMARK_CFLAGS) $(CMOCKA_CFLAGS) -Isrc -o $@ $< \
		$(BUILD)/liblockstep.a $(BUILD)/libprobe.a $(CMOCKA_LIBS) $(LIBS)

FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
BENCH_SRCS = $(wildcard tests/bench/bench_*.c)
BENCH_BINS = $(BENCH_SRCS:tests/bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/liblockstep.a $(BUILD)/libprobe.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(POSIX) -O2 -g -Isrc -o $@ $< $(BUILD)/liblockstep.a $(BUILD)/libprobe.a $(LIBS) -pthread

test-programs: $(UNIT_BINS) $(BUILD)/test-demos/manifest

# Every kind of test, one summary; see tests/run-tests.sh.
test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) bash tests/run-tests.sh

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" all
	@BUILD=build-asan ASAN=1 bash tests/run-tests.sh

# htop is the reference the live views are measured against; only the
# benchmarks need it, so only they install it.
bench: deps
	@command -v htop >/dev/null || { [ "$$(id -u)" = 0 ] && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq htop </dev/null >/dev/null; } || \
		echo "bench: htop is missing (apt-get install htop); its comparison is skipped"
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@BUILD=$(BUILD) bash tests/bench/run-bench.sh

run: deps
	@$(MAKE) --no-print-directory all
	./$(BUILD)/lockstep

# Install what is missing; a second run only asks dpkg and is instant.
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "lockstep needs packages; run: sudo apt-get install -y" $$missing; exit 1; \
		fi; \
		echo "installing:" $$missing; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq </dev/null && apt-get install -y -qq $$missing </dev/null >/dev/null || exit 1; \
	fi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/demos $(DESTDIR)$(DATADIR)/lessons \
		$(DESTDIR)$(DATADIR)/themes
	install -m 755 $(BUILD)/lockstep $(DESTDIR)$(BINDIR)/lockstep
	cp -R $(BUILD)/demos/. $(DESTDIR)$(LIBEXECDIR)/demos/
	rm -f $(DESTDIR)$(LIBEXECDIR)/demos/*/*.desc $(DESTDIR)$(LIBEXECDIR)/demos/*/*.d
	cp -R lessons/. $(DESTDIR)$(DATADIR)/lessons/
	install -m 644 assets/themes/*.theme $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lockstep
	rm -rf $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan

FORCE:
.PHONY: all demos test-programs test asan bench run deps install uninstall clean FORCE

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
