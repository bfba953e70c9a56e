#!/usr/bin/env bats
# bb-state-append: one checked line at a time onto the snapshots log.

load test_helper

setup() {
	bb_setup
	mkdir -p "$BB_HOME/state/demo"
	chmod 700 "$BB_HOME"
	line=$(printf '2026-11-28T15:00:00Z\tbot-bottle/demo:20261128T150000Z\t-\tfirst')
}

@test "bb-state-append -h prints the usage" {
	run -0 --separate-stderr bb-state-append -h
	assert_output "usage: bb-state-append <slug> snapshots"
}

@test "bb-state-append appends one line per call, 0600" {
	run -0 --separate-stderr bb-state-append demo snapshots <<<"$line"
	assert_output ""
	printf '2026-11-28T15:00:01Z\tref:2\tbot-bottle/demo:20261128T150000Z\t\n' | bb-state-append demo snapshots
	run -0 cat "$BB_HOME/state/demo/snapshots"
	assert_line -n 0 "$line"
	assert_line -n 1 "$(printf '2026-11-28T15:00:01Z\tref:2\tbot-bottle/demo:20261128T150000Z\t')"
	[ "$(stat -c %a "$BB_HOME/state/demo/snapshots")" = 600 ]
}

@test "bb-state-append refuses malformed lines and other keys, writing nothing" {
	for bad in "just text" "$(printf 'yesterday\tref\t-\tm')" "$(printf '2026-11-28T15:00:00Z\t\t-\tm')" \
		"$(printf '2026-11-28T15:00:00Z\tref\t-\tm\textra')" "$(printf '2026-11-28T15:00:00Z\tref\t-')" \
		"$(printf '2026-11-28T15:00:00Z\tref\t-\tm\nsecond line')"; do
		run -100 --separate-stderr bb-state-append demo snapshots <<<"$bad"
		[[ $stderr == *"invalid snapshots line"* ]] || fail "accepted: $bad"
	done
	run -100 --separate-stderr bb-state-append demo committed-image <<<"$line"
	[[ $stderr == *"only 'snapshots' can be appended to"* ]]
	run -100 bb-state-append demo
	run -100 bb-state-append ghost snapshots <<<"$line"
	assert_not_exist "$BB_HOME/state/demo/snapshots"
}

@test "a torn last line is cut off before the next line is appended" {
	# Torn inside the message: with a newline after it, it would parse.
	printf '%s\n2026-11-28T15:00:01Z\tref:2\t-\thalf a mess' "$line" >"$BB_HOME/state/demo/snapshots"
	chmod 600 "$BB_HOME/state/demo/snapshots"
	next=$(printf '2026-11-28T15:00:02Z\tref:3\t-\tthird')
	bb-state-append demo snapshots <<<"$next"
	run -0 cat "$BB_HOME/state/demo/snapshots"
	assert_output "$(printf '%s\n%s' "$line" "$next")"
}

@test "a log that is one torn line is cut to nothing first" {
	printf '2026-11-28T15:0' >"$BB_HOME/state/demo/snapshots"
	chmod 600 "$BB_HOME/state/demo/snapshots"
	bb-state-append demo snapshots <<<"$line"
	run -0 cat "$BB_HOME/state/demo/snapshots"
	assert_output "$line"
}

@test "bb-state-append refuses a symlinked log, target untouched" {
	ln -s "$BATS_TEST_TMPDIR/target" "$BB_HOME/state/demo/snapshots"
	run -111 --separate-stderr bb-state-append demo snapshots <<<"$line"
	[[ $stderr == *"not a regular file"* ]]
	assert_not_exist "$BATS_TEST_TMPDIR/target"
}

@test "concurrent appends never interleave" {
	for i in $(seq 40); do
		printf '2026-11-28T15:00:00Z\tref:%s\t-\t%s\n' "$i" "$(printf 'x%.0s' {1..2000})" | bb-state-append demo snapshots &
	done
	wait
	[ "$(wc -l <"$BB_HOME/state/demo/snapshots")" -eq 40 ]
	run -0 awk -F '\t' 'NF != 4 || length($4) != 2000 {bad++} END {print bad + 0}' "$BB_HOME/state/demo/snapshots"
	assert_output 0
}
