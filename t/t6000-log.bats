#!/usr/bin/env bats
# bb log: a bottle's snapshots, newest first, in a table and as JSON.

load test_helper

setup() {
	bb_setup
}

teardown() {
	docker_cleanup_home
}

# A bottle's folder as bb launch leaves it, with a hand-written log.
make_bottle() {
	mkdir -p "$BB_HOME/state/$1"
	chmod 700 "$BB_HOME" "$BB_HOME/state" "$BB_HOME/state/$1"
}

# Three commits; the second is committed (as after bb resume --at 2).
three_lines() {
	make_bottle demo
	printf '%s\t%s\t%s\t%s\n' \
		2026-11-28T15:00:00Z bot-bottle/demo:1 - first \
		2026-11-28T15:01:00Z bot-bottle/demo:2 bot-bottle/demo:1 '' \
		2026-11-28T15:02:00Z bot-bottle/demo:3 bot-bottle/demo:2 'third one' \
		>"$BB_HOME/state/demo/snapshots"
	echo bot-bottle/demo:2 >"$BB_HOME/state/demo/committed-image"
}

@test "bb log -h prints the usage" {
	run -0 --separate-stderr bb log -h
	assert_output "usage: bb log [--json] <slug>"
	[ -z "$stderr" ]
}

@test "newest first, numbered, the committed one marked" {
	three_lines
	run -0 --separate-stderr bb log demo
	[ -z "$stderr" ]
	assert_equal "${#lines[@]}" 4
	assert_line -n 0 "  N  TIME                  SNAPSHOT           PARENT             MESSAGE"
	assert_line -n 1 "  1  2026-11-28T15:02:00Z  bot-bottle/demo:3  bot-bottle/demo:2  third one"
	assert_line -n 2 "* 2  2026-11-28T15:01:00Z  bot-bottle/demo:2  bot-bottle/demo:1"
	assert_line -n 3 "  3  2026-11-28T15:00:00Z  bot-bottle/demo:1  -                  first"
}

@test "--json: the documented shape, version 1" {
	three_lines
	run -0 --separate-stderr bb log --json demo
	[ -z "$stderr" ]
	assert_equal "${#lines[@]}" 1
	run -0 jq -c . <<<"$output"
	assert_output '{"version":1,"slug":"demo","committed_image":"bot-bottle/demo:2","snapshots":[{"n":1,"time":"2026-11-28T15:02:00Z","ref":"bot-bottle/demo:3","parent":"bot-bottle/demo:2","message":"third one","committed":false},{"n":2,"time":"2026-11-28T15:01:00Z","ref":"bot-bottle/demo:2","parent":"bot-bottle/demo:1","message":"","committed":true},{"n":3,"time":"2026-11-28T15:00:00Z","ref":"bot-bottle/demo:1","parent":null,"message":"first","committed":false}]}'
}

@test "an empty bottle: no table, an empty JSON list" {
	make_bottle demo
	run -0 --separate-stderr bb log demo
	assert_output ""
	[ -z "$stderr" ]
	run -0 --separate-stderr bb log --json demo
	assert_output '{"version":1,"slug":"demo","committed_image":null,"snapshots":[]}'
}

@test "a committed image that is not in the log gets its own line" {
	three_lines
	echo 127.0.0.1:5000/snaps/demo:v1 >"$BB_HOME/state/demo/committed-image"
	run -0 --separate-stderr bb log demo
	assert_line -n 4 "* committed: 127.0.0.1:5000/snaps/demo:v1 (not in the log)"
	refute_line --regexp '^\* [0-9]'
	run -0 bash -c 'bb log --json demo | jq -c "[.committed_image, [.snapshots[].committed]]"'
	assert_output '["127.0.0.1:5000/snaps/demo:v1",[false,false,false]]'
}

@test "a ref on two lines: only the newest is marked" {
	three_lines
	printf '2026-11-28T15:03:00Z\tbot-bottle/demo:2\tbot-bottle/demo:3\tagain\n' >>"$BB_HOME/state/demo/snapshots"
	run -0 bash -c 'bb log --json demo | jq -c "[.snapshots[] | [.n, .committed]]"'
	assert_output '[[1,true],[2,false],[3,false],[4,false]]'
}

@test "a torn last line and malformed lines are skipped, not shown" {
	three_lines
	printf 'not a log line\n2026-13-28T15:00:00Z\tx:1\t-\tbad month\n' >>"$BB_HOME/state/demo/snapshots"
	printf '2026-11-28T15:09:00Z\tbot-bottle/demo:9\tbot-bottle/demo:3\ttorn' >>"$BB_HOME/state/demo/snapshots"
	run -0 --separate-stderr bb log demo
	assert_equal "${#lines[@]}" 4
	refute_output --partial "demo:9"
	refute_output --partial "bad month"
}

@test "a message with tabs and newlines was folded at commit and stays one line" {
	make_bottle demo
	printf '2026-11-28T15:00:00Z\tbot-bottle/demo:1\t-\ta b  c\n' >"$BB_HOME/state/demo/snapshots"
	run -0 --separate-stderr bb log demo
	assert_line -n 1 "  1  2026-11-28T15:00:00Z  bot-bottle/demo:1  -       a b  c"
}

@test "log numbers reach two digits: the column widens" {
	make_bottle demo
	for i in $(seq 1 12); do
		printf '2026-11-28T15:%02d:00Z\tbot-bottle/demo:%d\t-\tm%d\n' "$i" "$i" "$i"
	done >"$BB_HOME/state/demo/snapshots"
	run -0 --separate-stderr bb log demo
	assert_line -n 0 --regexp '^   N  TIME '
	assert_line -n 1 --regexp '^   1  2026-11-28T15:12:00Z  bot-bottle/demo:12 '
	assert_line -n 12 --regexp '^  12  2026-11-28T15:01:00Z  bot-bottle/demo:1 '
}

@test "bad usage: 100, usage on stderr, nothing on stdout" {
	local usage="usage: bb log [--json] <slug>"
	run -100 --separate-stderr bb log
	assert_output ""
	assert_equal "$stderr" "bb-log: fatal: too few arguments"$'\n'"$usage"
	run -100 --separate-stderr bb log a b
	assert_output ""
	assert_equal "$stderr" "bb-log: fatal: too many arguments"$'\n'"$usage"
	run -100 --separate-stderr bb log --oneline demo
	assert_output ""
	assert_equal "$stderr" "bb-log: fatal: unknown option '--oneline'"$'\n'"$usage"
}

@test "an invalid slug and no such bottle: 100, one line" {
	run -100 --separate-stderr bb log 'Bad/Slug'
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	[[ $stderr == "bb-log: fatal: "* ]]
	run -100 --separate-stderr bb log nosuch
	assert_output ""
	assert_equal "$stderr" "bb-log: fatal: no such bottle: 'nosuch'"
}

@test "a broken committed-image or a linked log: 111, nothing on stdout" {
	three_lines
	printf 'two\nlines\n' >"$BB_HOME/state/demo/committed-image"
	run -111 --separate-stderr bb log demo
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	echo bot-bottle/demo:2 >"$BB_HOME/state/demo/committed-image"
	mv "$BB_HOME/state/demo/snapshots" "$BATS_TEST_TMPDIR/elsewhere"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$BB_HOME/state/demo/snapshots"
	run -111 --separate-stderr bb log demo
	assert_output ""
	[[ $stderr == "bb-log: fatal: unable to read "*"snapshots"* ]]
}

@test "a full stdout is an error, 111" {
	three_lines
	run -111 --separate-stderr bash -c 'bb log demo >/dev/full'
	[[ $stderr == "bb-log: fatal: "* ]]
}

@test "on the real engine: three commits are three lines, parents chained" {
	require_docker
	launch_bottle demo
	for m in one two three; do
		bb commit -m "$m" demo >/dev/null
		refs+=("$(cat "$BB_HOME/state/demo/committed-image")")
	done
	run -0 --separate-stderr bb log --json demo
	run -0 jq -r '.snapshots[] | [.n, .ref, (.parent // "-"), .message, .committed] | @tsv' <<<"$output"
	assert_line -n 0 "1	${refs[2]}	${refs[1]}	three	true"
	assert_line -n 1 "2	${refs[1]}	${refs[0]}	two	false"
	assert_line -n 2 "3	${refs[0]}	-	one	false"
	assert_equal "${#lines[@]}" 3
}
