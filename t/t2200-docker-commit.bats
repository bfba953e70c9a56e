#!/usr/bin/env bats
# bb commit on the real engine: the Freezer chain, labels, history, failures.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
}

@test "bb commit -h prints the usage" {
	run -0 --separate-stderr bb commit -h
	assert_output "usage: bb commit [-m MSG] [-y|--yes] [--no-pause] [--no-wait] [<slug>]"
}

@test "bb commit snapshots, records and prints the hints" {
	launch_bottle demo
	docker_t exec bot-bottle-demo sh -c 'echo kept >/root/file'
	run -0 --separate-stderr bb commit -m "first snapshot" demo
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	[[ $ref =~ ^bot-bottle/demo:[0-9]{8}T[0-9]{6}Z$ ]] || fail "ref $ref"
	assert_line -n 0 "Committed bottle demo as $ref."
	assert_line "Resume it with: bb resume demo"
	assert_line --partial "docker save -o "
	assert_file_exist "$BB_HOME/state/demo/preserved"
	# The engine has the image, with the comment and the labels.
	[ "$(docker_t inspect -f '{{.Comment}}' "$ref")" = "first snapshot" ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.slug"}}' "$ref")" = demo ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.parent"}}' "$ref")" = - ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.home"}}' "$ref")" = "$(cat "$BB_HOME/id")" ]
	created=$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.created"}}' "$ref")
	[[ $created =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]]
	# One log line: time, ref, parent, message.
	run -0 cat "$BB_HOME/state/demo/snapshots"
	assert_output --regexp "^[0-9-]+T[0-9:]+Z	$ref	-	first snapshot$"
	# The container runs on: docker commits without stopping.
	run -0 bb-container-running demo
}

@test "a second commit names the first as its parent, even within one second" {
	launch_bottle demo
	bb commit demo >/dev/null
	first=$(cat "$BB_HOME/state/demo/committed-image")
	bb commit -m "$(printf 'two\tlines\nhere')" demo >/dev/null
	bb commit demo >/dev/null
	second=$(sed -n 2p "$BB_HOME/state/demo/snapshots" | cut -f2)
	third=$(cat "$BB_HOME/state/demo/committed-image")
	[ "$(sed -n 2p "$BB_HOME/state/demo/snapshots" | cut -f3)" = "$first" ]
	[ "$(sed -n 2p "$BB_HOME/state/demo/snapshots" | cut -f4)" = "two lines here" ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.parent"}}' "$third")" = "$second" ]
	[ "$(wc -l <"$BB_HOME/state/demo/snapshots")" -eq 3 ]
	[ "$(cut -f2 "$BB_HOME/state/demo/snapshots" | sort -u | wc -l)" -eq 3 ]
}

@test "bb commit pauses by default and not with --no-pause" {
	launch_bottle demo
	# By id: earlier tests' containers had the same name, maybe in this second.
	id=$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)
	since=$(date +%s)
	bb commit --no-pause demo >/dev/null
	mid=$(( $(date +%s) + 1 ))
	run -0 docker_t events --since "$since" --until "$mid" --filter "container=$id" --filter event=pause --format '{{.Action}}'
	assert_output ""
	since=$mid
	sleep 1
	bb commit demo >/dev/null
	until=$(( $(date +%s) + 1 ))
	run -0 docker_t events --since "$since" --until "$until" --filter "container=$id" --filter event=pause --format '{{.Action}}'
	assert_output "pause"
}

@test "bb commit without a slug takes the only running bottle" {
	launch_bottle solo
	run -0 --separate-stderr bb commit
	assert_line -n 0 --partial "Committed bottle solo as bot-bottle/solo:"
	assert_file_exist "$BB_HOME/state/solo/committed-image"
}

@test "bb commit without a slug and two running bottles lists them, exit 100" {
	launch_bottle one
	launch_bottle two
	run -100 --separate-stderr bb commit
	assert_output ""
	[ "$stderr" = "bb-commit: fatal: 2 bottles are running (one, two): name the one to commit" ]
	assert_not_exist "$BB_HOME/state/one/committed-image"
	assert_not_exist "$BB_HOME/state/two/committed-image"
}

@test "bb commit without a slug and none running exits 100" {
	run -100 --separate-stderr bb commit
	[[ $stderr == *"no bottle is running"* ]]
}

@test "bb commit of a vanished container exits 111, committed-image unchanged" {
	launch_bottle demo
	bb commit demo >/dev/null
	before=$(cat "$BB_HOME/state/demo/committed-image")
	nlines=$(wc -l <"$BB_HOME/state/demo/snapshots")
	docker_t rm -f bot-bottle-demo >/dev/null
	run -111 --separate-stderr bb commit demo
	assert_output ""
	[[ $stderr == *"unable to commit 'bot-bottle-demo': no such container"* ]]
	[ "$(cat "$BB_HOME/state/demo/committed-image")" = "$before" ]
	[ "$(wc -l <"$BB_HOME/state/demo/snapshots")" -eq "$nlines" ]
}

@test "bb commit of an unknown bottle exits 100" {
	run -100 --separate-stderr bb commit ghost
	[[ $stderr == *"no such bottle: 'ghost'"* ]]
	assert_not_exist "$BB_HOME/state/ghost"
}

@test "bb commit --no-wait fails at once when the bottle is busy" {
	launch_bottle demo
	bb-lock demo sleep 3 &
	holder=$!
	sleep 0.3
	run -1 --separate-stderr bb commit --no-wait demo
	[ "$stderr" = "bb-commit: fatal: bottle demo is busy" ]
	assert_not_exist "$BB_HOME/state/demo/committed-image"
	wait "$holder"
}

@test "bb commit notes a volume that the snapshot leaves out" {
	docker_t volume create bbtest-vol >/dev/null
	bb launch demo --backend docker --image "$BB_TEST_IMAGE" -- "${bottle_cmd[@]}" >/dev/null
	# A container with a volume: made by hand, adopted by writing its state.
	docker_t rm -f bot-bottle-demo >/dev/null
	docker_t run -d --name bot-bottle-demo -v bbtest-vol:/data \
		--label bot-bottle.home="$(cat "$BB_HOME/id")" "$BB_TEST_IMAGE" "${bottle_cmd[@]}" >/dev/null
	run -0 --separate-stderr bb commit demo
	[[ $stderr == *"note: volume mount '/data' is not in the snapshot"* ]]
	docker_t rm -f bot-bottle-demo >/dev/null
	docker_t volume rm bbtest-vol >/dev/null
}

@test "bb commit warns when the bottle's env names look secret" {
	bb launch demo --backend docker --image "$BB_TEST_IMAGE" -e API_KEY=s3cret -- "${bottle_cmd[@]}" >/dev/null 2>&1
	run -0 --separate-stderr bb commit demo
	[[ $stderr == *"warning: 'API_KEY' looks secret"* ]]
	[[ $stderr != *s3cret* ]]
}

@test "BB_TRACE=1 shows the chain bb commit runs" {
	launch_bottle demo
	BB_TRACE=1 run -0 --separate-stderr bb commit demo
	steps=$(sed -n 's/^bb-[a-z-]*: trace: run: \(bb-[a-z-]*\).*/\1/p' <<<"$stderr" | tr '\n' ' ')
	# Docker commits a running container: no running check, no stop, and
	# the freeze comes before the preserved marker so a failure changes nothing.
	[ "$steps" = "bb-docker-freeze bb-docker-freeze bb-docker-commit bb-mark-preserved bb-state-append bb-state-write bb-docker-export-hint " ] ||
		fail "chain was: $steps"
	[[ $stderr == *"trace: run: bb-state-write --old '' demo committed-image"* ]]
}

@test "a failed first commit leaves the bottle exactly as it was" {
	launch_bottle demo
	docker_t rm -f bot-bottle-demo >/dev/null
	cp -r "$BB_HOME/state" "$BATS_TEST_TMPDIR/before"
	run -111 --separate-stderr bb commit demo
	diff -r "$BATS_TEST_TMPDIR/before" "$BB_HOME/state"
	assert_not_exist "$BB_HOME/state/demo/preserved"
}
