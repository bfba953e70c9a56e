#!/usr/bin/env bats
# bb commit on smolmachines: the same stop-confirm flow, then resume from the artifact.

load test_helper

setup() {
	bb_setup
	use_fake_smolvm 1.23.7
	bb launch demo --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null
	smolvm machine exec --name bot-bottle-demo -- sh -c 'echo "before commit" >"$FAKE_ROOTFS/root/file"'
	: >"$SMOLVM_DATA_DIR/calls"
	cp -r "$BB_HOME/state" "$BATS_TEST_TMPDIR/state-before"
}

assert_untouched() {
	diff -r "$BATS_TEST_TMPDIR/state-before" "$BB_HOME/state"
	run -0 bb-smolmachines-running bot-bottle-demo
	run -0 smolvm_calls
	refute_line --regexp '^(machine stop|pack create)'
}

@test "round trip: yes on the terminal, stop keeps the state, resume from the artifact" {
	on_pty 'y\n' bb commit -m "smol" demo
	[ "$status" -eq 0 ]
	assert_line --partial "Stop bottle demo to snapshot it? [y/N]"
	side=$(cat "$BB_HOME/state/demo/committed-image")
	[[ $side == "$(realpath "$BB_HOME")/snapshots/demo/"*.smolmachine ]]
	assert_line --partial "Committed bottle demo as $side."
	assert_line "Resume it with: bb resume demo"
	assert_line --partial "smolvm machine create --name NAME --from"
	assert_file_exist "$BB_HOME/state/demo/preserved"
	[ "$(tail -c 64 "$side" | head -c 8)" = SMOLPACK ]
	run -0 smolvm_calls
	assert_line "machine stop --name bot-bottle-demo"
	assert_line --regexp "^pack create --from-vm bot-bottle-demo --output ${side%.smolmachine}$"

	run -0 --separate-stderr bb stop demo
	assert_line --partial "its state is kept"
	assert_file_exist "$BB_HOME/state/demo/committed-image"

	: >"$SMOLVM_DATA_DIR/calls"
	run -0 --separate-stderr bb resume demo
	assert_output "Resumed bottle demo from $side."
	run -0 smolvm_calls
	assert_line --regexp "^machine create --name bot-bottle-demo .* --from $side -- sleep 1000$"
	run -0 jq -r .from "$SMOLVM_DATA_DIR/machines/bot-bottle-demo/record.json"
	assert_output "$side"
	run -0 smolvm machine exec --name bot-bottle-demo -- cat root/file
	assert_output "before commit"
}

@test "no on the terminal: cancelled, exit 0, nothing changed" {
	on_pty 'n\n' bb commit demo
	[ "$status" -eq 0 ]
	assert_line --partial "Commit of bottle demo cancelled; nothing changed."
	assert_untouched
}

@test "no terminal and no --yes: exit 100, nothing changed" {
	run -100 --separate-stderr timeout 10 bb commit demo </dev/null
	[[ $stderr == *"run with --yes to allow that"* ]]
	assert_untouched
}

@test "a failed pack: 111, committed-image unchanged, no partial artifact, history kept" {
	bb commit --yes demo >/dev/null
	first=$(cat "$BB_HOME/state/demo/committed-image")
	smolvm machine start --name bot-bottle-demo >/dev/null
	FAKE_SMOLVM_FAIL="pack create" FAKE_SMOLVM_PARTIAL=1 run -111 --separate-stderr bb commit --yes demo
	[[ $stderr == *"unable to pack the machine: smolvm: "* ]]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$first" ]
	[ "$(wc -l <"$BB_HOME/state/demo/snapshots")" -eq 1 ]
	# Only the first pair is there: the failed one left nothing.
	run -0 bash -c 'ls "$BB_HOME/snapshots/demo" | sort'
	assert_output "$(printf '%s\n%s' "$(basename "${first%.smolmachine}")" "$(basename "$first")")"
}

@test "earlier artifacts stay until pruned; each commit names its parent" {
	bb commit --yes demo >/dev/null
	first=$(cat "$BB_HOME/state/demo/committed-image")
	smolvm machine start --name bot-bottle-demo >/dev/null
	bb commit --yes demo >/dev/null
	second=$(cat "$BB_HOME/state/demo/committed-image")
	[ "$first" != "$second" ]
	assert_file_exist "$first"
	assert_file_exist "$second"
	[ "$(sed -n 2p "$BB_HOME/state/demo/snapshots" | cut -f3)" = "$first" ]
}

@test "an already stopped machine: no question" {
	smolvm machine stop --name bot-bottle-demo >/dev/null
	run -0 --separate-stderr timeout 30 bb commit demo </dev/null
	[[ $stderr != *"[y/N]"* ]]
	assert_file_exist "$BB_HOME/state/demo/committed-image"
}
