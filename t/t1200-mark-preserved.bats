#!/usr/bin/env bats
# bb-mark-preserved: set or clear the preserved marker, idempotently.

load test_helper

setup() {
	bb_setup
	mkdir -p "$BB_HOME/state/demo"
	chmod -R 700 "$BB_HOME"
}

@test "bb-mark-preserved -h prints the usage" {
	run -0 --separate-stderr bb-mark-preserved -h
	assert_output "usage: bb-mark-preserved [--undo] <slug>"
}

@test "bb-mark-preserved with bad usage exits 100" {
	run -100 --separate-stderr bb-mark-preserved
	assert_output ""
	run -100 --separate-stderr bb-mark-preserved --redo demo
	[[ $stderr == *"unknown option '--redo'"* ]]
	run -100 --separate-stderr bb-mark-preserved demo extra
	assert_not_exist "$BB_HOME/state/demo/preserved"
}

@test "bb-mark-preserved sets the marker, 0600, idempotently" {
	run -0 --separate-stderr bb-mark-preserved demo
	assert_output ""
	[ -z "$stderr" ]
	assert_file_exist "$BB_HOME/state/demo/preserved"
	[ "$(stat -c %a "$BB_HOME/state/demo/preserved")" = 600 ]
	ino=$(stat -c %i "$BB_HOME/state/demo/preserved")
	run -0 bb-mark-preserved demo
	[ "$(stat -c %i "$BB_HOME/state/demo/preserved")" = "$ino" ]
	run bb-state-read demo preserved
	[ "$status" -eq 0 ]
}

@test "bb-mark-preserved --undo clears the marker, idempotently" {
	bb-mark-preserved demo
	run -0 --separate-stderr bb-mark-preserved --undo demo
	assert_not_exist "$BB_HOME/state/demo/preserved"
	run -0 --separate-stderr bb-mark-preserved --undo demo
	run -1 bb-state-read demo preserved
}

@test "bb-mark-preserved of an unknown bottle exits 100 and creates nothing" {
	run -100 --separate-stderr bb-mark-preserved ghost
	[[ $stderr == *"no such bottle: 'ghost'"* ]]
	assert_not_exist "$BB_HOME/state/ghost"
	assert_not_exist "$BB_HOME/locks/ghost"
}

@test "bb-mark-preserved refuses a symlink planted as the marker" {
	ln -s "$BATS_TEST_TMPDIR/target" "$BB_HOME/state/demo/preserved"
	run -111 --separate-stderr bb-mark-preserved demo
	[[ $stderr == *"not a regular file"* ]]
	assert_not_exist "$BATS_TEST_TMPDIR/target"
}

@test "bb-mark-preserved waits for the bottle's lock" {
	bb-lock demo sleep 1 &
	holder=$!
	sleep 0.2
	run -1 --separate-stderr bb-lock -n demo bb-mark-preserved demo
	[[ $stderr == *"bottle demo is busy"* ]]
	assert_not_exist "$BB_HOME/state/demo/preserved"
	run -0 timeout 20 bb-mark-preserved demo
	assert_file_exist "$BB_HOME/state/demo/preserved"
	wait "$holder"
}
