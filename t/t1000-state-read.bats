#!/usr/bin/env bats
# bb-state-read: print a state file; exit 1 when absent; never follow links.

load test_helper

setup() {
	bb_setup
}

@test "bb-state-read -h prints the usage" {
	run -0 --separate-stderr bb-state-read -h
	assert_output "usage: bb-state-read <slug> <key>"
}

@test "bb-state-read with bad usage exits 100, stdout empty" {
	run -100 --separate-stderr bb-state-read demo
	assert_output ""
	[[ $stderr == *"too few arguments"* ]]
	run -100 --separate-stderr bb-state-read --what demo committed-image
	assert_output ""
	[[ $stderr == *"unknown option '--what'"* ]]
	run -100 --separate-stderr bb-state-read demo nosuchkey
	assert_output ""
	[[ $stderr == "bb-state-read: fatal: unknown key 'nosuchkey'"* ]]
	run -100 --separate-stderr bb-state-read demo ../id
	run -100 --separate-stderr bb-state-read demo .committed-image.1.deadbeef
}

@test "bb-state-read prints a file exactly as it is" {
	mkdir -p "$BB_HOME/state/demo"
	printf 'bot-bottle/demo:1\n' >"$BB_HOME/state/demo/committed-image"
	run -0 --separate-stderr bb-state-read demo committed-image
	assert_output "bot-bottle/demo:1"
	[ -z "$stderr" ]
	bb-state-read demo committed-image | cmp - "$BB_HOME/state/demo/committed-image"
}

@test "bb-state-read exits 1, silently, when the file or the bottle is absent" {
	run -1 --separate-stderr bb-state-read demo committed-image
	assert_output ""
	[ -z "$stderr" ]
	mkdir -p "$BB_HOME/state/demo"
	run -1 --separate-stderr bb-state-read demo preserved
	assert_output ""
}

@test "bb-state-read refuses a symlinked state file and leaves its target alone" {
	mkdir -p "$BB_HOME/state/demo"
	echo secret >"$BATS_TEST_TMPDIR/target"
	ln -s "$BATS_TEST_TMPDIR/target" "$BB_HOME/state/demo/committed-image"
	run -111 --separate-stderr bb-state-read demo committed-image
	assert_output ""
	[[ $stderr == *"not a regular file (links are not followed)"* ]]
	[ "$(cat "$BATS_TEST_TMPDIR/target")" = secret ]
}

@test "bb-state-read refuses a symlinked bottle folder" {
	mkdir -p "$BB_HOME/state" "$BATS_TEST_TMPDIR/elsewhere"
	echo x:1 >"$BATS_TEST_TMPDIR/elsewhere/committed-image"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$BB_HOME/state/demo"
	run -111 --separate-stderr bb-state-read demo committed-image
	assert_output ""
	[[ $stderr == *"not a folder (links are not followed)"* ]]
}

@test "bb-state-read refuses a symlinked state folder" {
	mkdir -p "$BB_HOME" "$BATS_TEST_TMPDIR/elsewhere/demo"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$BB_HOME/state"
	run -111 --separate-stderr bb-state-read demo committed-image
	[[ $stderr == *"not a folder"* ]]
}

@test "bb-state-read does not hang on a FIFO planted as a state file" {
	mkdir -p "$BB_HOME/state/demo"
	mkfifo "$BB_HOME/state/demo/committed-image"
	run --separate-stderr timeout 10 bb-state-read demo committed-image
	[ "$status" -eq 111 ]
	[[ $stderr == *"not a regular file"* ]]
}

@test "bb-state-read refuses a home that others can write to" {
	mkdir -p "$BB_HOME/state/demo"
	chmod 777 "$BB_HOME"
	run -111 --separate-stderr bb-state-read demo committed-image
	[[ $stderr == *"writable by group or others"* ]]
}

@test "bb-state-read refuses a home owned by another user" {
	mkdir -p "$BB_HOME/state/demo"
	chmod 700 "$BB_HOME"
	chown 65534:65534 "$BB_HOME"
	run -111 --separate-stderr bb-state-read demo committed-image
	[[ $stderr == *"owned by another user"* ]]
}

@test "BB_HOME defaults to ~/.bot-bottle" {
	unset BB_HOME
	mkdir -p "$HOME/.bot-bottle/state/demo"
	chmod 700 "$HOME/.bot-bottle"
	echo ref:1 >"$HOME/.bot-bottle/state/demo/committed-image"
	run -0 --separate-stderr bb-state-read demo committed-image
	assert_output "ref:1"
}
