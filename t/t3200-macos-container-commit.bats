#!/usr/bin/env bats
# bb commit on macos-container: the stop-confirm flow, through a real terminal.

load test_helper

setup() {
	bb_setup
	use_fake_container 1.2.0 # export needs a stopped container
	bb launch demo --backend macos-container --image alpine:3 -- sleep 1000 >/dev/null
	container exec bot-bottle-demo sh -c 'echo "before commit" >"$FAKE_ROOTFS/root/file"'
	: >"$FAKE_CONTAINER_STATE/calls"
	cp -r "$BB_HOME/state" "$BATS_TEST_TMPDIR/state-before"
}

# Input typed ahead is echoed before the prompt, so the prompt and the line
# after it share one line of the terminal's output.

# Nothing changed: state as before, the container still running, no stop, no export.
assert_untouched() {
	diff -r "$BATS_TEST_TMPDIR/state-before" "$BB_HOME/state"
	run -0 container list --quiet
	assert_line bot-bottle-demo
	run -0 fake_calls
	refute_line --regexp '^(stop|export|build)'
}

@test "yes on the terminal: preserved, stopped, exported, built, committed" {
	on_pty 'y\n' bb commit -m "on a mac" demo
	[ "$status" -eq 0 ]
	assert_line --partial "Stop bottle demo to snapshot it? [y/N]"
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	assert_line --partial "[y/N] Committed bottle demo as $ref."
	assert_line "The bottle is stopped; its state is kept."
	assert_line "Resume it with: bb resume demo"
	assert_line "  container image save -o $(tr '/:' '--' <<<"$ref").tar $ref"
	assert_file_exist "$BB_HOME/state/demo/preserved"
	[ "$(cut -f2,3,4 "$BB_HOME/state/demo/snapshots")" = "$(printf '%s\t-\ton a mac' "$ref")" ]
	# The order the fake saw: stop; the tag is free; export, build, check.
	run -0 bash -c 'jq -r ".[0:2] | join(\" \")" "$FAKE_CONTAINER_STATE/calls" | grep -E "^(stop|export|build|image inspect)"'
	assert_output "$(printf 'stop bot-bottle-demo\nimage inspect\nexport -o\nbuild -t\nimage inspect')"
	# Left stopped, state kept.
	run -0 container list --quiet
	refute_line bot-bottle-demo
	run -1 bb-container-running demo
}

@test "afterwards bb resume boots from the built image and bb stop keeps the state" {
	on_pty 'yes\n' bb commit demo
	[ "$status" -eq 0 ]
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	run -0 --separate-stderr bb resume demo
	assert_output "Resumed bottle demo from $ref."
	run -0 fake_calls
	# The snapshot's CMD is the whole process line: no command is added.
	assert_line --regexp "^run -d --name bot-bottle-demo .* $ref$"
	run -0 container exec bot-bottle-demo cat root/file
	assert_output "before commit"
	run -0 --separate-stderr bb stop demo
	assert_line --partial "its state is kept"
	assert_file_exist "$BB_HOME/state/demo/committed-image"
	run -0 container inspect bot-bottle-demo
}

@test "no on the terminal: cancelled, exit 0, nothing changed" {
	on_pty 'n\n' bb commit demo
	[ "$status" -eq 0 ]
	assert_line --partial "[y/N] Commit of bottle demo cancelled; nothing changed."
	assert_untouched
}

@test "an empty answer cancels" {
	on_pty '\n' bb commit demo
	[ "$status" -eq 0 ]
	assert_line --partial "[y/N] Commit of bottle demo cancelled; nothing changed."
	assert_untouched
}

@test "end of input cancels" {
	on_pty '' bb commit demo
	[ "$status" -eq 0 ]
	assert_line -n 0 "Stop bottle demo to snapshot it? [y/N] "
	assert_line -n 1 "Commit of bottle demo cancelled; nothing changed."
	assert_untouched
}

@test "Ctrl-C at the question cancels: exit 0, nothing changed" {
	# Wait for the question before typing ^C, so the signal finds bb asking.
	# exec: script runs the line through $SHELL, and dash, left as the
	# parent on the terminal, would die of the ^C itself.
	coproc PTY { timeout 30 script -qec "exec bb commit demo" /dev/null; }
	# bash drops PTY[] when the coprocess ends: keep our own copies.
	exec {from}<&"${PTY[0]}" {to}>&"${PTY[1]}"
	pid=$PTY_PID
	seen=
	while IFS= read -r -d ']' -t 20 part <&"$from"; do
		seen+=$part
		[[ $seen == *"[y/N" ]] && break
	done
	[[ $seen == *"Stop bottle demo to snapshot it? [y/N"* ]] || fail "no question: $seen"
	printf '\003' >&"$to"
	rest=$(timeout 20 cat <&"$from" | tr -d '\r')
	wait "$pid" && status=0 || status=$?
	exec {from}<&- {to}>&-
	[ "$status" -eq 0 ] || fail "exit $status: $rest"
	[[ $rest == *"Commit of bottle demo cancelled; nothing changed."* ]]
	assert_untouched
}

@test "a declined commit leaves an existing preserved marker as it was" {
	bb-mark-preserved demo
	cp -r "$BB_HOME/state" "$BATS_TEST_TMPDIR/state-before2"
	on_pty 'n\n' bb commit demo
	[ "$status" -eq 0 ]
	diff -r "$BATS_TEST_TMPDIR/state-before2" "$BB_HOME/state"
}

@test "no terminal and no --yes: exit 100 naming --yes, never waiting" {
	run -100 --separate-stderr timeout 10 bash -c 'echo y | bb commit demo'
	assert_output ""
	[ "$stderr" = "bb-commit: fatal: bottle demo must be stopped to snapshot it: run with --yes to allow that" ]
	assert_untouched
	# Even with no stdin at all.
	run -100 --separate-stderr timeout 10 bb commit demo </dev/null
}

@test "--yes: no question, stopped and committed" {
	run -0 --separate-stderr timeout 30 bb commit --yes demo </dev/null
	[[ $stderr != *"[y/N]"* ]]
	assert_line --regexp '^Committed bottle demo as bot-bottle/demo:'
	run -1 bb-container-running demo
}

@test "CLI 1.2.1 or later: no stop and no question" {
	FAKE_CONTAINER_VERSION=1.2.1 run -0 --separate-stderr timeout 30 bb commit demo </dev/null
	[[ $stderr != *"[y/N]"* ]]
	refute_line "The bottle is stopped; its state is kept."
	run -0 fake_calls
	refute_line --regexp '^stop '
	assert_line --regexp '^export -o '
	run -0 bb-container-running demo
}

@test "an already stopped bottle: no question" {
	container stop bot-bottle-demo >/dev/null
	run -0 --separate-stderr timeout 30 bb commit demo </dev/null
	[[ $stderr != *"[y/N]"* ]]
	assert_file_exist "$BB_HOME/state/demo/committed-image"
}

@test "export fails midway: 111 naming the step, committed-image unchanged, no scratch" {
	bb commit --yes demo >/dev/null
	before=$(cat "$BB_HOME/state/demo/committed-image")
	container start bot-bottle-demo >/dev/null
	FAKE_CONTAINER_FAIL='export' run -111 --separate-stderr bb commit --yes demo
	[[ $stderr == *"unable to export 'bot-bottle-demo'"* ]]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$before" ]
	run ls -A "$BB_HOME/snapshots/demo"
	assert_output ""
}

@test "build fails midway: 111 naming the step, committed-image unchanged, no scratch" {
	FAKE_CONTAINER_FAIL=build run -111 --separate-stderr bb commit --yes demo
	[[ $stderr == *"unable to build 'bot-bottle/demo:"* ]]
	assert_not_exist "$BB_HOME/state/demo/committed-image"
	assert_not_exist "$BB_HOME/state/demo/snapshots"
	run ls -A "$BB_HOME/snapshots/demo"
	assert_output ""
	# The bottle was stopped for the attempt: it stays preserved.
	assert_file_exist "$BB_HOME/state/demo/preserved"
}

@test "the porcelain names no backend: the same code drives docker and macos-container" {
	run grep -l -E 'docker|macos|container ' "$BATS_TEST_DIRNAME"/../porcelain/bb-commit.c \
		"$BATS_TEST_DIRNAME"/../porcelain/bb-resume.c "$BATS_TEST_DIRNAME"/../porcelain/bb-stop.c \
		"$BATS_TEST_DIRNAME"/../porcelain/bb-launch.c
	assert_output ""
}
