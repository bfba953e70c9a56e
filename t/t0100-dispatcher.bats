#!/usr/bin/env bats
# The bb dispatcher: exec path, --version, help, command listing, unknown commands.

load test_helper

setup() {
	bb_setup
}

@test "bb -h prints the usage on stdout and exits 0" {
	run -0 --separate-stderr bb -h
	assert_output "usage: bb [--exec-path[=DIR]] [--version] [-h|--help] <command> [<args>]"
	[ -z "$stderr" ]
	run -0 --separate-stderr bb --help
	assert_line -n 0 --partial "usage: bb "
}

@test "bb --version prints the version" {
	run -0 --separate-stderr bb --version
	assert_output --regexp '^bb version [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "bare bb lists the commands by group from the command list" {
	run -0 --separate-stderr bb
	assert_line "Commands for scripts (plumbing):"
	assert_line --regexp '^   bb-state-read +print a state file of a bottle$'
	# Every listed command but bb itself appears once.
	while read -r name group _; do
		[[ $name == \#* || -z $name || $name == bb ]] && continue
		case $group in porcelain) shown=${name#bb-} ;; *) shown=$name ;; esac
		assert_line --regexp "^   $shown +"
	done <"$BATS_TEST_DIRNAME/../Documentation/command-list.txt"
}

@test "bb help with no command lists the commands" {
	run -0 --separate-stderr bb help
	assert_line "Commands for scripts (plumbing):"
}

@test "bb --exec-path prints the build tree when run from it" {
	run -0 --separate-stderr bb --exec-path
	assert_output "$BB_BUILD"
}

@test "BB_EXEC_PATH wins over the build tree, --exec-path=DIR over both" {
	other=$BATS_TEST_TMPDIR/other
	mkdir -p "$other"
	printf '#!/bin/sh\necho "other $BB_EXEC_PATH $*"\n' >"$other/bb-hello"
	chmod +x "$other/bb-hello"
	BB_EXEC_PATH=$other run -0 --separate-stderr bb hello a b
	assert_output "other $other a b"
	run -0 --separate-stderr bb --exec-path="$other" hello x
	assert_output "other $other x"
	BB_EXEC_PATH=/nonexistent run -0 --separate-stderr bb --exec-path="$other" --exec-path
	assert_output "$other"
}

@test "bb runs a command and passes its exit status up" {
	run -0 --separate-stderr bb check-slug demo
	run -100 --separate-stderr bb check-slug A
	assert_output ""
	[[ $stderr == "bb-check-slug: fatal: invalid slug 'A'"* ]]
	run -1 --separate-stderr bb state-read demo committed-image
}

@test "bb exports BB_EXEC_PATH to the command it runs" {
	other=$BATS_TEST_TMPDIR/other
	mkdir -p "$other"
	cp "$BB_BUILD"/bb-state-read "$other/"
	printf '#!/bin/sh\necho "$BB_EXEC_PATH"\n' >"$other/bb-where"
	chmod +x "$other/bb-where"
	cp "$BB_BUILD/bb" "$other/bb"
	run -0 --separate-stderr "$other/bb" where
	assert_output "$other"
}

@test "a third-party bb-foo on PATH runs after the exec path" {
	extra=$BATS_TEST_TMPDIR/extra
	mkdir -p "$extra"
	printf '#!/bin/sh\necho third-party "$@"\n' >"$extra/bb-thirdparty"
	printf '#!/bin/sh\necho impostor\n' >"$extra/bb-check-slug"
	chmod +x "$extra/bb-thirdparty" "$extra/bb-check-slug"
	PATH=$extra:$PATH run -0 --separate-stderr bb thirdparty 1 2
	assert_output "third-party 1 2"
	# The exec path wins over PATH for bb's own names.
	PATH=$extra:$PATH run -0 --separate-stderr bb check-slug demo
	assert_output ""
}

@test "an unknown command names the nearest known one and exits 100" {
	run -100 --separate-stderr bb state-raed
	assert_output ""
	[ "$stderr" = "bb: fatal: 'state-raed' is not a bb command; the nearest is 'state-read'" ]
	run -100 --separate-stderr bb check-slgu
	[[ $stderr == *"the nearest is 'check-slug'" ]]
}

@test "a far-off command gets no suggestion, and bb itself is never one" {
	run -100 --separate-stderr bb xyzzyplugh
	[ "$stderr" = "bb: fatal: 'xyzzyplugh' is not a bb command" ]
	run -100 --separate-stderr bb bb
	[[ $stderr != *"nearest is 'bb'"* ]]
}

@test "-- ends bb's own options" {
	run -0 --separate-stderr bb -- check-slug demo
	run -100 --separate-stderr bb help a b
	[ "$stderr" = "usage: bb help [<command>]" ]
}

@test "a command with a slash is never run as a path" {
	run -100 --separate-stderr bb ../bb-check-slug demo
	[[ $stderr == *"is not a bb command"* ]]
}

@test "an unknown option exits 100 with the usage on stderr" {
	run -100 --separate-stderr bb --bogus
	assert_output ""
	[[ $stderr == *"unknown option '--bogus'"* ]]
	[[ $stderr == *"usage: bb "* ]]
	run -100 --separate-stderr bb --exec-path=/nonexistent state-read
	[[ $stderr == *"'/nonexistent' is not a folder"* ]]
}

@test "bb help <command> opens the command's man page" {
	command -v man >/dev/null || fail "man is not installed"
	MANPAGER=/bin/cat PAGER=cat MANWIDTH=80 run -0 --separate-stderr bb help state-read
	assert_line --regexp '^NAME'
	assert_line --partial "bb-state-read - print a state file of a bottle"
	MANPAGER=/bin/cat PAGER=cat run -0 --separate-stderr bb help bb
	assert_line --partial "bb - run a bb command"
}

@test "bb help of an unknown command: 100 and the nearest, as for a command; backends has a page" {
	MANPAGER=/bin/cat run -100 --separate-stderr bb help no-such-thing
	assert_output ""
	[ "$stderr" = "bb: fatal: 'no-such-thing' is not a bb command" ]
	MANPAGER=/bin/cat run -100 --separate-stderr bb help comit
	[ "$stderr" = "bb: fatal: 'comit' is not a bb command; the nearest is 'commit'" ]
	MANPAGER=/bin/cat PAGER=cat run -0 --separate-stderr bb help backends
	assert_line --partial "bb-backends - "
}

@test "BB_TRACE=1 logs each exec on stderr" {
	BB_TRACE=1 run -1 --separate-stderr bb state-read demo committed-image
	assert_output ""
	[ "$stderr" = "bb: trace: exec: bb-state-read demo committed-image" ]
}
