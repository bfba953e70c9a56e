#!/usr/bin/env bats
# bb-state-forget: the lines of given snapshots leave the log in one atomic rewrite.

load test_helper

setup() {
	bb_setup
	mkdir -p "$BB_HOME/state/demo"
	chmod 700 "$BB_HOME" "$BB_HOME/state" "$BB_HOME/state/demo"
	log=$BB_HOME/state/demo/snapshots
	printf '%s\n' \
		"$(printf '2026-11-28T15:00:00Z\tbot-bottle/demo:A\t-\tfirst')" \
		"$(printf '2026-11-28T15:01:00Z\tbot-bottle/demo:B\tbot-bottle/demo:A\t')" \
		"$(printf '2026-11-28T15:02:00Z\tbot-bottle/demo:A\tbot-bottle/demo:B\tback')" \
		"$(printf '2026-11-28T15:03:00Z\tbot-bottle/demo:C\tbot-bottle/demo:A\tthird')" >"$log"
	chmod 600 "$log"
	cp "$log" "$BATS_TEST_TMPDIR/orig"
}

@test "bb-state-forget -h prints the usage" {
	run -0 --separate-stderr bb-state-forget -h
	assert_output "usage: bb-state-forget <slug> snapshots"
	[ -z "$stderr" ]
}

@test "bb-state-forget drops every line of each ref, keeps the rest byte for byte" {
	run -0 --separate-stderr bb-state-forget demo snapshots <<<"bot-bottle/demo:A"
	assert_output ""
	[ -z "$stderr" ]
	run -0 cat "$log"
	assert_output "$(sed -n '2p;4p' "$BATS_TEST_TMPDIR/orig")"
	[ "$(stat -c %a "$log")" = 600 ]
	# Two refs at once, the last without a newline; one no line names.
	printf 'bot-bottle/demo:C\nbot-bottle/demo:nosuch' | bb-state-forget demo snapshots
	run -0 cat "$log"
	assert_output "$(sed -n 2p "$BATS_TEST_TMPDIR/orig")"
	bb-state-forget demo snapshots <<<"bot-bottle/demo:B"
	[ ! -s "$log" ]
	assert_file_exist "$log"
}

@test "nothing to forget: the log is not rewritten at all" {
	ino=$(stat -c %i "$log")
	run -0 --separate-stderr bb-state-forget demo snapshots <<<"bot-bottle/demo:nosuch"
	[ "$(stat -c %i "$log")" = "$ino" ]
	run -0 --separate-stderr bb-state-forget demo snapshots </dev/null
	[ "$(stat -c %i "$log")" = "$ino" ]
	cmp "$log" "$BATS_TEST_TMPDIR/orig"
	# An absent log stays absent.
	rm "$log"
	run -0 --separate-stderr bb-state-forget demo snapshots <<<"bot-bottle/demo:A"
	assert_not_exist "$log"
}

@test "malformed complete lines are kept as they are; a torn last line goes" {
	{
		printf 'a line from the future\twith\ttabs\n'
		cat "$BATS_TEST_TMPDIR/orig"
		printf '2026-11-28T15:04:00Z\tbot-bottle/demo:D\t-\tto'
	} >"$log"
	bb-state-forget demo snapshots <<<"bot-bottle/demo:B"
	run -0 cat "$log"
	assert_output "$(printf 'a line from the future\twith\ttabs\n%s' "$(sed -n '1p;3p;4p' "$BATS_TEST_TMPDIR/orig")")"
	[ "$(tail -c 1 "$log" | od -An -c | tr -d ' ')" = '\n' ]
}

@test "bad input exits 100 and changes nothing" {
	for bad in '' $'\n' $'bot-bottle/demo:A\n\nbot-bottle/demo:B' $'bad\tref'; do
		run -100 --separate-stderr bb-state-forget demo snapshots <<<"$bad"
		assert_output ""
		[[ $stderr == *"invalid ref on standard input"* ]] || fail "took '$bad': $stderr"
	done
	run -100 --separate-stderr bb-state-forget demo committed-image <<<"x"
	[[ $stderr == *"only lines of 'snapshots' can be forgotten"* ]]
	run -100 --separate-stderr bb-state-forget demo nosuchkey <<<"x"
	[[ $stderr == *"unknown key"* ]]
	run -100 --separate-stderr bb-state-forget demo
	[[ $stderr == *"usage: bb-state-forget "* ]]
	run -100 --separate-stderr bb-state-forget Bad_Slug snapshots <<<"x"
	run -100 --separate-stderr bb-state-forget ghost snapshots <<<"bot-bottle/demo:A"
	[[ $stderr == *"no such bottle: 'ghost'"* ]]
	assert_not_exist "$BB_HOME/locks/ghost"
	cmp "$log" "$BATS_TEST_TMPDIR/orig"
}

@test "a link or a folder where the log should be: 111, never followed" {
	rm "$log"
	printf 'outside\n' >"$BATS_TEST_TMPDIR/target"
	ln -s "$BATS_TEST_TMPDIR/target" "$log"
	run -111 --separate-stderr bb-state-forget demo snapshots <<<"outside"
	[[ $stderr == *"not a regular file"* ]]
	[ "$(cat "$BATS_TEST_TMPDIR/target")" = outside ]
	rm "$log"
	mkdir "$log"
	run -111 --separate-stderr bb-state-forget demo snapshots <<<"x"
}

@test "it waits for the bottle's lock, and uses the chain's" {
	bb-lock demo sleep 1 &
	holder=$!
	sleep 0.3
	run -0 --separate-stderr timeout 30 bb-state-forget demo snapshots <<<"bot-bottle/demo:A"
	wait "$holder"
	[ "$(wc -l <"$log")" -eq 2 ]
	run -0 --separate-stderr timeout 30 bb-lock demo bb-state-forget demo snapshots <<<"bot-bottle/demo:B"
	[ "$(wc -l <"$log")" -eq 1 ]
}

@test "a failed write leaves the old log and no temp file" {
	[[ -x ${BB_FAULT_BUILD-}/bb-state-forget ]] || skip "no fault build (BB_FAULT_BUILD)"
	for fault in open:1 write:1 fsync:1 rename:1 dirsync:1; do
		BB_FAULT=$fault run -111 --separate-stderr "$BB_FAULT_BUILD/bb-state-forget" demo snapshots <<<"bot-bottle/demo:A"
		[[ $stderr == *"bb-state-forget: fatal: unable to "* ]] || fail "$fault: $stderr"
		cmp "$log" "$BATS_TEST_TMPDIR/orig" || fail "$fault changed the log"
		run -0 bash -c 'ls -A "$BB_HOME/state/demo"'
		assert_output snapshots
	done
}
