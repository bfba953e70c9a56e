#!/usr/bin/env bats
# bb-container-running: a predicate over the bottle's backend.

load test_helper

setup() {
	bb_setup
}

@test "bb-container-running -h prints the usage" {
	run -0 --separate-stderr bb-container-running -h
	assert_output "usage: bb-container-running <slug>"
}

@test "bb-container-running with bad usage exits 100" {
	run -100 --separate-stderr bb-container-running
	assert_output ""
	run -100 --separate-stderr bb-container-running a b
	run -100 --separate-stderr bb-container-running 'A'
}

@test "a bottle with no state is not running: exit 1, silent" {
	run -1 --separate-stderr bb-container-running ghost
	assert_output ""
	[ -z "$stderr" ]
}

@test "bb-container-running chain-loads bb-<backend>-running with the object name" {
	mkdir -p "$BB_HOME/state/demo" "$BATS_TEST_TMPDIR/exec"
	chmod 700 "$BB_HOME"
	cp "$BB_BUILD"/bb-* "$BATS_TEST_TMPDIR/exec/"
	printf '#!/bin/sh\necho "asked about $1" >&2\n[ "$1" = bot-bottle-demo ] && exit 0\nexit 1\n' \
		>"$BATS_TEST_TMPDIR/exec/bb-toy-running"
	printf '#!/bin/sh\nexit 0\n' >"$BATS_TEST_TMPDIR/exec/bb-toy-boot"
	chmod +x "$BATS_TEST_TMPDIR/exec/bb-toy-running" "$BATS_TEST_TMPDIR/exec/bb-toy-boot"
	echo '{"version":1,"slug":"demo","backend":"toy","image":"x"}' >"$BB_HOME/state/demo/metadata.json"
	BB_EXEC_PATH=$BATS_TEST_TMPDIR/exec run -0 --separate-stderr bb-container-running demo
	assert_output ""
	[ "$stderr" = "asked about bot-bottle-demo" ]
}

@test "a bottle naming an unknown backend is a broken state, exit 111" {
	mkdir -p "$BB_HOME/state/demo"
	chmod 700 "$BB_HOME"
	echo '{"version":1,"slug":"demo","backend":"nosuch","image":"x"}' >"$BB_HOME/state/demo/metadata.json"
	run -111 --separate-stderr bb-container-running demo
	[[ $stderr == *"names an unknown backend 'nosuch'"* ]]
}

@test "broken metadata is an error, exit 111" {
	mkdir -p "$BB_HOME/state/demo"
	chmod 700 "$BB_HOME"
	echo '{"version":1,' >"$BB_HOME/state/demo/metadata.json"
	run -111 --separate-stderr bb-container-running demo
	[[ $stderr == *"metadata.json': not a JSON object"* ]]
}
