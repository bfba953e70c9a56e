#!/usr/bin/env bats
# Progress on a terminal: what runs and for how long, bytes where known;
# nothing off a terminal, nothing for work under a second, NO_COLOR and
# TERM=dumb honoured. Push and pull bytes: t6300, t6310.

load test_helper

setup() {
	bb_setup
	export TERM=xterm
	unset NO_COLOR BB_PROGRESS_AFTER_MS
}

teardown() {
	docker_cleanup_home
}

smol_bottle() {
	use_fake_smolvm 1.23.7
	bb launch demo --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null
}

@test "a pack that takes two seconds: its line, bold, with the time, cleared before the result" {
	smol_bottle
	export FAKE_SMOLVM_PACK_DELAY=2
	on_pty "" bb commit --yes demo
	[ "$status" -eq 0 ] || fail "$output"
	[[ $output == *$'bb-smolvm-pack: \e[1mpacking bot-bottle-demo\e[m... 1 s\e[K'* ]] || fail "$output"
	# Cleared (\e[K after the last line's \r), then bb commit's own text.
	[[ $output == *$'\e[K\e[KCommitted bottle demo as '* ]] || fail "$output"
	# Work under a second said nothing: the stop was quick.
	[[ $output != *"stopping"* ]]
}

@test "NO_COLOR: the same line without bold" {
	smol_bottle
	export FAKE_SMOLVM_PACK_DELAY=2 NO_COLOR=1
	on_pty "" bb commit --yes demo
	[ "$status" -eq 0 ] || fail "$output"
	[[ $output == *$'bb-smolvm-pack: packing bot-bottle-demo... 1 s\e[K'* ]] || fail "$output"
	[[ $output != *$'\e[1m'* ]] || fail "bold despite NO_COLOR: $output"
}

@test "TERM=dumb: no escapes at all, the line blanked with spaces" {
	smol_bottle
	export FAKE_SMOLVM_PACK_DELAY=2 TERM=dumb
	on_pty "" bb commit --yes demo
	[ "$status" -eq 0 ] || fail "$output"
	[[ $output == *"bb-smolvm-pack: packing bot-bottle-demo... 1 s"* ]] || fail "$output"
	[[ $output != *$'\e'* ]] || fail "an escape on a dumb terminal: $output"
	[[ $output == *"                                             Committed bottle demo as "* ]] || fail "$output"
}

@test "not a terminal: nothing, however long it takes" {
	smol_bottle
	export FAKE_SMOLVM_PACK_DELAY=2
	run -0 --separate-stderr bb commit --yes demo
	assert_line -n 0 --partial "Committed bottle demo as "
	[[ $stderr != *packing* ]] || fail "$stderr"
	[[ $stderr != *$'\r'* && $stderr != *$'\e'* ]] || fail "$stderr"
}

@test "under a second: nothing, even on a terminal" {
	smol_bottle
	on_pty "" bb commit --yes demo
	[ "$status" -eq 0 ] || fail "$output"
	[[ $output != *packing* ]] || fail "$output"
	[[ $output != *$'\e[K'* ]] || fail "$output"
}

@test "macos-container: the export says so while it runs" {
	use_fake_container 1.2.0
	bb launch demo --backend macos-container --image alpine:3 -- sleep 1000 >/dev/null
	export FAKE_CONTAINER_EXPORT_DELAY=2 NO_COLOR=1
	on_pty "" bb commit --yes demo
	[ "$status" -eq 0 ] || fail "$output"
	[[ $output == *$'bb-macos-container-freeze: exporting bot-bottle-demo... 1 s\e[K'* ]] || fail "$output"
}

@test "docker: the engine's commit says so while it runs" {
	require_docker
	launch_bottle demo
	export BB_PROGRESS_AFTER_MS=0 NO_COLOR=1
	on_pty "" bb commit demo
	[ "$status" -eq 0 ] || fail "$output"
	# bb-docker-freeze draws it: it keeps bb-docker-commit's stderr.
	[[ $output == *$'bb-docker-freeze: committing bot-bottle-demo... 0 s\e[K'* ]] || fail "$output"
	[[ $output == *$'\e[KCommitted bottle demo as '* ]] || fail "$output"
}

@test "a failure while the line shows: the line is cleared, the message stands alone" {
	smol_bottle
	export FAKE_SMOLVM_PACK_DELAY=2 FAKE_SMOLVM_FAIL="pack create" FAKE_SMOLVM_PARTIAL=1 NO_COLOR=1
	on_pty "" bb commit --yes demo
	[ "$status" -eq 111 ] || fail "status $status: $output"
	[[ $output == *'packing bot-bottle-demo... '[0-9]$' s\e[K\e[Kbb-smolvm-pack: fatal: '* ]] || fail "$output"
	# The fatal line is whole: nothing of the progress line after it.
	run -1 grep -c 'packing bot-bottle-demo' <<<"${output##*fatal: }"
	assert_output 0
}
