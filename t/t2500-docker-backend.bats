#!/usr/bin/env bats
# The docker backend's executables, one by one, on the real engine.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
}

@test "each docker executable prints its usage with -h" {
	run -0 bb-docker-running -h
	assert_output "usage: bb-docker-running <name>"
	run -0 bb-docker-stop -h
	assert_output "usage: bb-docker-stop [-t SECS] <name>"
	run -0 bb-docker-remove -h
	assert_output "usage: bb-docker-remove <name>"
	run -0 bb-docker-freeze -h
	assert_output "usage: bb-docker-freeze [--needs-stop] [--no-pause] [-m MSG] <slug>"
	run -0 bb-docker-boot -h
	assert_output "usage: bb-docker-boot <slug> [<ref>]"
	run -0 bb-docker-export-hint -h
	assert_output "usage: bb-docker-export-hint <ref>"
	run -0 bb-docker-list -h
	assert_output "usage: bb-docker-list [-z]"
	run -0 bb-docker-commit -h
	assert_output "usage: bb-docker-commit [--no-pause] [--new] [-m MSG] [--label K=V]... <container> <repo:tag>"
}

@test "bb-docker-running: 0 running, 1 stopped, 1 absent, exact names only" {
	launch_bottle demo
	run -0 --separate-stderr bb-docker-running bot-bottle-demo
	assert_output ""
	[ -z "$stderr" ]
	docker_t pause bot-bottle-demo >/dev/null
	run -0 bb-docker-running bot-bottle-demo
	docker_t unpause bot-bottle-demo >/dev/null
	run -1 --separate-stderr bb-docker-running bot-bottle-dem
	assert_output ""
	# An id prefix is not a name.
	id=$(docker_t inspect -f '{{.Id}}' bot-bottle-demo)
	run -1 bb-docker-running "${id:0:12}"
	docker_t stop -t 1 bot-bottle-demo >/dev/null
	run -1 bb-docker-running bot-bottle-demo
	run -1 bb-docker-running bot-bottle-nothing
}

@test "bb-docker-running refuses another home's container with 100" {
	docker_t run -d --name bot-bottle-foreign --label bot-bottle.home=feedfacefeedface "$BB_TEST_IMAGE" sleep 1000 >/dev/null
	run -100 --separate-stderr bb-docker-running bot-bottle-foreign
	[ "$stderr" = "bb-docker-running: fatal: bot-bottle-foreign belongs to another bb home" ]
	run -100 bb-docker-stop bot-bottle-foreign
	run -100 bb-docker-remove bot-bottle-foreign
	[ "$(docker_t inspect -f '{{.State.Status}}' bot-bottle-foreign)" = running ]
	docker_t rm -f bot-bottle-foreign >/dev/null
}

@test "bb-docker-stop stops, idempotently, and removes nothing" {
	launch_bottle demo
	run -0 --separate-stderr bb-docker-stop bot-bottle-demo
	assert_output ""
	[ "$(docker_t inspect -f '{{.State.Status}}' bot-bottle-demo)" = exited ]
	run -0 bb-docker-stop bot-bottle-demo
	run -0 bb-docker-stop bot-bottle-absent
	run -0 docker_t inspect bot-bottle-demo
}

@test "bb-docker-stop -t 0 kills a bottle that ignores SIGTERM" {
	bb launch demo --backend docker --image "$BB_TEST_IMAGE" -- sleep 100000 >/dev/null
	run -0 timeout 30 bb-docker-stop -t 0 bot-bottle-demo
	[ "$(docker_t inspect -f '{{.State.ExitCode}}' bot-bottle-demo)" = 137 ]
}

@test "bb-docker-remove removes, idempotently" {
	launch_bottle demo
	run -0 --separate-stderr bb-docker-remove bot-bottle-demo
	assert_output ""
	run -1 docker_t inspect bot-bottle-demo
	run -0 bb-docker-remove bot-bottle-demo
}

@test "bb-docker-freeze --needs-stop answers 1: the engine commits running containers" {
	run -1 --separate-stderr bb-docker-freeze --needs-stop
	assert_output ""
	[ -z "$stderr" ]
}

@test "bb-docker-freeze prints the new ref and changes no state" {
	launch_bottle demo
	run -0 --separate-stderr bb-docker-freeze -m hello demo
	[[ $output =~ ^bot-bottle/demo:[0-9]{8}T[0-9]{6}Z$ ]]
	[ "$(docker_t inspect -f '{{.Comment}}' "$output")" = hello ]
	assert_not_exist "$BB_HOME/state/demo/committed-image"
	assert_not_exist "$BB_HOME/state/demo/snapshots"
}

@test "bb-docker-boot boots from a given ref, else the metadata's image" {
	launch_bottle demo
	docker_t exec bot-bottle-demo sh -c 'echo v1 >/root/v'
	ref=$(bb-docker-freeze demo)
	docker_t rm -f bot-bottle-demo >/dev/null
	run -0 --separate-stderr bb-docker-boot demo "$ref"
	assert_output ""
	run -0 docker_t exec bot-bottle-demo cat /root/v
	assert_output v1
	docker_t rm -f bot-bottle-demo >/dev/null
	run -0 bb-docker-boot demo
	[ "$(docker_t inspect -f '{{.Config.Image}}' bot-bottle-demo)" = "$BB_TEST_IMAGE" ]
	run -100 --separate-stderr bb-docker-boot demo
	[[ $stderr == *"bottle demo is already running"* ]]
	run -111 --separate-stderr bb-docker-boot demo bot-bottle/demo:nope
	[[ $stderr == *"snapshot 'bot-bottle/demo:nope' no longer exists"* ]]
}

@test "bb-docker-list prints this home's containers, one call, -z too" {
	launch_bottle one
	launch_bottle two
	docker_t stop -t 1 bot-bottle-two >/dev/null
	run -0 --separate-stderr bb-docker-list
	assert_line "bot-bottle-one	running"
	assert_line "bot-bottle-two	stopped"
	[ "${#lines[@]}" -eq 2 ]
	run -0 bash -c 'bb-docker-list -z | tr "\0" "\n" | sort'
	assert_output "$(printf 'bot-bottle-one\trunning\nbot-bottle-two\tstopped')"
	run -100 bb-docker-list extra
}

@test "bb-docker-export-hint says how to move a snapshot" {
	run -0 --separate-stderr bb-docker-export-hint bot-bottle/demo:20261128T150000Z
	assert_line "  docker save -o bot-bottle-demo-20261128T150000Z.tar bot-bottle/demo:20261128T150000Z"
	assert_line --partial "docker load -i bot-bottle-demo-20261128T150000Z.tar"
	run -100 bb-docker-export-hint 'Not A Ref'
	run -100 bb-docker-export-hint
}

@test "bb-docker-commit prints the image id; comment, labels, pause=0 reach the engine" {
	launch_bottle demo
	run -0 --separate-stderr bb-docker-commit --no-pause -m "a message" \
		--label a=b --label 'c=has "quotes" and spaces' bot-bottle-demo snaps/test:one
	[[ $output =~ ^sha256:[0-9a-f]{64}$ ]]
	id=$output
	[ "$(docker_t inspect -f '{{.Id}}' snaps/test:one)" = "$id" ]
	[ "$(docker_t inspect -f '{{.Comment}}' snaps/test:one)" = "a message" ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "a"}}' snaps/test:one)" = b ]
	[ "$(docker_t inspect -f '{{index .Config.Labels "c"}}' snaps/test:one)" = 'has "quotes" and spaces' ]
	docker_t rmi snaps/test:one >/dev/null
}

@test "bb-docker-commit refuses a bad reference before the engine makes anything" {
	launch_bottle demo
	before=$(docker_t images -aq | wc -l)
	for ref in 'Upper/case:1' 'snaps/x:-bad' 'snaps//x:1' 'snaps/x@sha256:abc' 'snaps/x:' \
		"snaps/x:$(printf 'a%.0s' {1..129})" 'snaps/x--_y:1' ':tag'; do
		run -100 --separate-stderr bb-docker-commit bot-bottle-demo "$ref"
		[[ $stderr == *"invalid image reference"* ]] || fail "$ref: $stderr"
	done
	[ "$(docker_t images -aq | wc -l)" -eq "$before" ]
	# Valid shapes of reference pass the check.
	for ref in '127.0.0.1:5000/snaps/x:v1' 'localhost/a/b' 'a__b/c.d-e:T_1.x'; do
		run -0 bb-docker-commit bot-bottle-demo "$ref"
		docker_t rmi "$ref" >/dev/null
	done
}

@test "bb-docker-commit of a missing container exits 111" {
	run -111 --separate-stderr bb-docker-commit bot-bottle-missing snaps/x:1
	assert_output ""
	[[ $stderr == *"unable to commit 'bot-bottle-missing': no such container"* ]]
	run -100 bb-docker-commit --label novalue bot-bottle-missing snaps/x:1
	run -100 bb-docker-commit 'bad name!' snaps/x:1
}

@test "bb-docker-commit --new refuses a tag that exists, with exit 1" {
	launch_bottle demo
	docker_t tag "$BB_TEST_IMAGE" snaps/taken:1
	before=$(docker_t inspect -f '{{.Id}}' snaps/taken:1)
	run -1 --separate-stderr bb-docker-commit --new bot-bottle-demo snaps/taken:1
	assert_output ""
	[[ $stderr == *"'snaps/taken:1' already exists"* ]]
	[ "$(docker_t inspect -f '{{.Id}}' snaps/taken:1)" = "$before" ]
	docker_t rmi snaps/taken:1 >/dev/null
}

@test "bb-docker-freeze never moves a tag another home holds" {
	launch_bottle demo
	# Another home's snapshots, tagged for this second and the next few.
	now=$(date -u +%s)
	for i in 0 1 2 3; do
		docker_t tag "$BB_TEST_IMAGE" "bot-bottle/demo:$(date -u -d "@$((now + i))" +%Y%m%dT%H%M%SZ)"
	done
	base=$(docker_t inspect -f '{{.Id}}' "$BB_TEST_IMAGE")
	run -0 --separate-stderr bb-docker-freeze demo
	ref=$output
	[ "$(docker_t inspect -f '{{index .Config.Labels "bot-bottle.slug"}}' "$ref")" = demo ]
	for i in 0 1 2 3; do
		t=bot-bottle/demo:$(date -u -d "@$((now + i))" +%Y%m%dT%H%M%SZ)
		[ "$(docker_t inspect -f '{{.Id}}' "$t")" = "$base" ] || fail "$t was moved"
		docker_t rmi "$t" >/dev/null
	done
}

@test "a container named bot-bottle-<slug> without this home's label is not touched" {
	docker_t run -d --name bot-bottle-stray "$BB_TEST_IMAGE" sleep 1000 >/dev/null
	run -100 --separate-stderr bb-docker-stop bot-bottle-stray
	[[ $stderr == *"bot-bottle-stray belongs to another bb home"* ]]
	run -100 bb-docker-running bot-bottle-stray
	[ "$(docker_t inspect -f '{{.State.Status}}' bot-bottle-stray)" = running ]
	docker_t rm -f bot-bottle-stray >/dev/null
}

@test "bb-docker-freeze --needs-stop takes no slug and ignores one" {
	run -1 bb-docker-freeze --needs-stop
	run -1 bb-docker-freeze --needs-stop demo
	run -100 bb-docker-freeze --needs-stop --bogus
	run -100 bb-docker-freeze
}

@test "the programs that need no engine do not load libcurl" {
	for p in bb bb-state-read bb-state-write bb-container-running bb-docker-freeze bb-docker-export-hint; do
		run -0 ldd "$BB_BUILD/$p"
		refute_output --partial libcurl
	done
	run -0 ldd "$BB_BUILD/bb-docker-running"
	assert_output --partial libcurl
}
