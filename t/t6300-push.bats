#!/usr/bin/env bats
# bb push and pulling, against a real registry on 127.0.0.1 (Debian's
# docker-registry) and two engines standing for two machines: the suite's
# engine is machine one, a second private dockerd started here machine two,
# each with its own BB_HOME.

load test_helper

# shellcheck source=t/dockerd.bash
source "$BATS_TEST_DIRNAME/dockerd.bash"

ACCEPT='Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json'

# A TCP port on 127.0.0.1 that nothing listens on (at the time of asking).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Everything is exported: setup_file, the tests and teardown_file do not
# share one shell.
start_registry() {
	local d=$BATS_FILE_TMPDIR/registry i
	mkdir -p "$d/storage"
	BB_T_REG_DIR=$d
	BB_T_REGISTRY=127.0.0.1:$(free_port)
	cat >"$d/config.yml" <<-EOF
		version: 0.1
		log:
		  level: warn
		storage:
		  filesystem:
		    rootdirectory: $d/storage
		  delete:
		    enabled: true
		http:
		  addr: $BB_T_REGISTRY
		  secret: bb-test-only
	EOF
	(
		for fd in /proc/"$BASHPID"/fd/*; do
			fd=${fd##*/}
			((fd > 2)) && eval "exec $fd>&-"
		done
		exec docker-registry serve "$d/config.yml"
	) </dev/null >"$d/registry.log" 2>&1 &
	BB_T_REG_PID=$!
	export BB_T_REG_DIR BB_T_REGISTRY BB_T_REG_PID
	for ((i = 0; i < 100; i++)); do # 10 s
		[[ $(curl -s -o /dev/null -w '%{http_code}' "http://$BB_T_REGISTRY/v2/") == 200 ]] &&
			return 0
		sleep 0.1
	done
	BB_T_WHY="docker-registry did not answer on $BB_T_REGISTRY: $(tail -n 3 "$d/registry.log")"
	return 1
}

setup_file() {
	export BB_T_WHY=
	if [[ -z ${BB_TEST_DOCKER_HOST-} ]]; then
		BB_T_WHY="no engine under test"
	elif ! command -v docker-registry >/dev/null; then
		BB_T_WHY="no docker-registry (apt-get install docker-registry)"
	elif ((EUID != 0)); then
		BB_T_WHY="not root: no second dockerd for machine two"
	elif start_registry; then
		_bbt_dir=$(mktemp -d /tmp/bbd.XXXX)
		mkdir "$_bbt_dir/client"
		export BB_T_TWO_DIR=$_bbt_dir
		if _bbt_start_dockerd; then
			export BB_T_TWO_HOST=$_bbt_host BB_T_TWO_PID=$_bbt_pid
		else
			export BB_T_TWO_PID=$_bbt_pid
			BB_T_WHY="the dockerd of machine two did not start"
		fi
	fi
}

teardown_file() {
	local i
	if [[ -n ${BB_T_REG_PID-} ]] &&
		grep -qsa -e "$BB_T_REG_DIR/config.yml" "/proc/$BB_T_REG_PID/cmdline"; then
		kill -TERM "$BB_T_REG_PID" 2>/dev/null || :
		for ((i = 0; i < 50; i++)); do
			[[ -e /proc/$BB_T_REG_PID ]] || break
			sleep 0.1
		done
		kill -KILL "$BB_T_REG_PID" 2>/dev/null || :
	fi
	if [[ -n ${BB_T_TWO_DIR-} && -d $BB_T_TWO_DIR ]]; then
		_bbt_dir=$BB_T_TWO_DIR _bbt_pid=${BB_T_TWO_PID-}
		_bbt_stop_dockerd
		_bbt_clean_dir
	fi
}

setup() {
	bb_setup
	require_docker
	if [[ -n $BB_T_WHY ]]; then
		[[ ${BB_REQUIRE_DOCKER-} == 1 ]] && fail "no registry or no machine two: $BB_T_WHY"
		skip "$BB_T_WHY"
	fi
	REG=$BB_T_REGISTRY
	# A repository of its own for each test.
	REPO=snaps/t$BATS_TEST_NUMBER
	HOME_TWO=$BATS_TEST_TMPDIR/bbhome2
}

teardown() {
	docker_cleanup_home
	# Names a test gave on machine one, in this file's registry.
	mapfile -t ids < <(docker_t images --format '{{.Repository}}:{{.Tag}}' |
		grep -F "${BB_T_REGISTRY:-none}/")
	((${#ids[@]} == 0)) || docker_t rmi -f "${ids[@]}" >/dev/null 2>&1 || :
	# Machine two is this file's own engine: empty it.
	if [[ -n ${BB_T_TWO_HOST-} ]]; then
		mapfile -t ids < <(docker -H "$BB_T_TWO_HOST" ps -aq)
		((${#ids[@]} == 0)) || docker -H "$BB_T_TWO_HOST" rm -f "${ids[@]}" >/dev/null 2>&1 || :
		mapfile -t ids < <(docker -H "$BB_T_TWO_HOST" images -q)
		((${#ids[@]} == 0)) || docker -H "$BB_T_TWO_HOST" rmi -f "${ids[@]}" >/dev/null 2>&1 || :
	fi
}

# two CMD...: CMD on machine two, its own home and engine.
two() {
	BB_HOME=$HOME_TWO DOCKER_HOST=$BB_T_TWO_HOST "$@"
}

docker_two() {
	docker -H "$BB_T_TWO_HOST" "$@"
}

# committed_bottle SLUG [TEXT]: a running bottle on machine one whose
# /root/file holds TEXT, committed.
committed_bottle() {
	launch_bottle "$1"
	docker_t exec "bot-bottle-$1" sh -c "echo '${2:-from machine one}' >/root/file"
	bb commit "$1" >/dev/null
}

# manifest_digest NAME TAG: Docker-Content-Digest of the registry's manifest.
manifest_digest() {
	curl -fsSI -H "$ACCEPT" "http://$REG/v2/$1/manifests/$2" |
		tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
}

@test "push on machine one, launch on machine two: the file is there" {
	committed_bottle demo "written on one"
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	run -0 --separate-stderr bb push demo "$REG/$REPO:v1"
	# Not a terminal: nothing at all on stderr.
	[ -z "$stderr" ] || fail "stderr: $stderr"
	pushed=$(cat "$BB_HOME/state/demo/pushed")
	[[ $pushed =~ ^$REG/$REPO:v1@sha256:[0-9a-f]{64}$ ]] || fail "pushed: $pushed"
	assert_line -n 0 "Pushed bottle demo as $pushed."
	assert_line -n 1 "On another machine, start it with: bb launch demo --backend docker --image $REG/$REPO:v1"
	run -0 bb-state-read demo pushed
	assert_output "$pushed"

	# The registry has that manifest, with that digest.
	[ "$(manifest_digest "$REPO" v1)" = "${pushed#*@}" ]
	# Machine one keeps its snapshot, and no tag bb made up.
	run -0 docker_t image inspect "$ref"
	run -1 docker_t image inspect "$REG/$REPO:v1"

	# Machine two: another home, another engine, which lacks the image.
	run -1 docker_two image inspect "$REG/$REPO:v1"
	# By the digest that was recorded, then by the tag.
	run -0 --separate-stderr two bb launch bydigest --backend docker --image "$pushed" -- "${bottle_cmd[@]}"
	run -0 docker_two exec bot-bottle-bydigest cat /root/file
	assert_output "written on one"
	run -1 docker_two image inspect "$REG/$REPO:v1"
	run -0 --separate-stderr two bb launch demo --backend docker --image "$REG/$REPO:v1" -- "${bottle_cmd[@]}"
	assert_output "Launched bottle demo (docker, from $REG/$REPO:v1)."
	[ -z "$stderr" ] || fail "stderr: $stderr"
	run -0 docker_two exec bot-bottle-demo cat /root/file
	assert_output "written on one"
	# The pulled image has the digest that was pushed.
	run -0 docker_two image inspect -f '{{join .RepoDigests " "}}' "$REG/$REPO:v1"
	assert_output "$REG/$REPO@${pushed#*@}"
	# Two homes, each with its own bottle demo.
	assert_file_exist "$HOME_TWO/state/demo/metadata.json"
	[ "$(cat "$HOME_TWO/id")" != "$(cat "$BB_HOME/id")" ]
}

@test "bb resume on machine two pulls an image that went missing" {
	committed_bottle demo "resumed on two"
	bb push demo "$REG/$REPO:v2" >/dev/null
	two bb launch demo --backend docker --image "$REG/$REPO:v2" -- "${bottle_cmd[@]}" >/dev/null
	two bb-mark-preserved demo
	two bb stop demo >/dev/null
	docker_two rm -f bot-bottle-demo >/dev/null
	docker_two rmi "$REG/$REPO:v2" >/dev/null
	run -1 docker_two image inspect "$REG/$REPO:v2"

	run -0 --separate-stderr two bb resume demo
	assert_output --partial "$REG/$REPO:v2"
	[ -z "$stderr" ] || fail "stderr: $stderr"
	run -0 docker_two exec bot-bottle-demo cat /root/file
	assert_output "resumed on two"
}

@test "a snapshot of bb's own is never pulled: it exists on one machine only" {
	committed_bottle demo
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	bb stop demo >/dev/null
	docker_t rm -f bot-bottle-demo >/dev/null
	docker_t rmi "$ref" >/dev/null
	run -111 --separate-stderr bb resume demo
	[ "$stderr" = "bb-docker-boot: fatal: unable to boot bottle demo: snapshot '$ref' no longer exists" ]
}

@test "a progress line on a terminal while pushing and pulling, cleared at the end" {
	launch_bottle demo
	# New bytes, so that the registry has a layer to take.
	docker_t exec bot-bottle-demo sh -c 'head -c 3000000 /dev/urandom >/root/blob'
	bb commit demo >/dev/null
	# At once (not after a second), and without bold, to match the text.
	export BB_PROGRESS_AFTER_MS=0 NO_COLOR=1
	on_pty "" bb push demo "$REG/$REPO:v1"
	[ "$status" -eq 0 ] || fail "status $status: $output"
	[[ $output =~ bb-docker-push:\ pushing\ $REG/$REPO:v1:\ [0-9.]+\ (B|kB|MB)\ of\ [0-9.]+\ (B|kB|MB)\ \([0-9]+%\),\ [0-9]+\ s ]] ||
		fail "no progress line: $output"
	[[ $output == *"(100%)"* ]] || fail "no 100%: $output"
	# Cleared: the line is wiped before the porcelain's text.
	[[ $output == *$'\e[KPushed bottle demo as '* ]] || fail "not cleared: $output"

	on_pty "" env BB_HOME="$HOME_TWO" DOCKER_HOST="$BB_T_TWO_HOST" \
		bb launch demo --backend docker --image "$REG/$REPO:v1" -- "${bottle_cmd[@]}"
	[ "$status" -eq 0 ] || fail "status $status: $output"
	[[ $output =~ bb-docker-boot:\ pulling\ $REG/$REPO:v1:\ [0-9.]+\ (B|kB|MB)\ of ]] ||
		fail "no progress line: $output"
	[[ $output == *$'\e[KLaunched bottle demo'* ]] || fail "not cleared: $output"
}

@test "a registry that is down: exit 111, a clear message, nothing recorded" {
	committed_bottle demo
	dead=127.0.0.1:$(free_port)
	run -111 --separate-stderr bb push demo "$dead/$REPO:v1"
	assert_output ""
	# The engine says so inside its 200 stream: caught there, no HTTP status.
	[[ $stderr == "bb-docker-push: fatal: unable to push '$dead/$REPO:v1': "*"connection refused"* ]] ||
		fail "stderr: $stderr"
	[[ $stderr != *"(HTTP "* ]]
	assert_not_exist "$BB_HOME/state/demo/pushed"
	run -1 docker_t image inspect "$dead/$REPO:v1"

	# After a good push, a failed one leaves the record as it was.
	bb push demo "$REG/$REPO:v1" >/dev/null
	before=$(cat "$BB_HOME/state/demo/pushed")
	run -111 --separate-stderr bb push demo "$dead/$REPO:v2"
	[ "$(cat "$BB_HOME/state/demo/pushed")" = "$before" ]
}

@test "pulling from a registry that is down: exit 111, nothing left behind" {
	dead=127.0.0.1:$(free_port)
	run -111 --separate-stderr two bb launch demo --backend docker --image "$dead/$REPO:v1" -- true
	assert_output ""
	[[ $stderr == *"unable to boot bottle demo: image '$dead/$REPO:v1' does not exist here, and pulling it failed: "*"connection refused"* ]] ||
		fail "stderr: $stderr"
	assert_not_exist "$HOME_TWO/state/demo"
	# A tag the registry lacks.
	run -111 --separate-stderr two bb launch demo --backend docker --image "$REG/$REPO:nosuch" -- true
	[[ $stderr == *"image '$REG/$REPO:nosuch' does not exist here, and pulling it failed: "*"not found"* ]] ||
		fail "stderr: $stderr"
	assert_not_exist "$HOME_TWO/state/demo"
}

@test "bb-docker-push of an image that does not exist: 111" {
	run -111 --separate-stderr bb-docker-push bot-bottle/demo:19990101T000000Z "$REG/$REPO:v1"
	assert_output ""
	[ "$stderr" = "bb-docker-push: fatal: unable to push '$REG/$REPO:v1': no such image 'bot-bottle/demo:19990101T000000Z'" ]
}

@test "bb-docker-push prints ref@digest only, with latest as the default tag" {
	committed_bottle demo
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	run -0 --separate-stderr bb-docker-push "$ref" "$REG/$REPO"
	[[ $output =~ ^$REG/$REPO:latest@sha256:[0-9a-f]{64}$ ]] || fail "output: $output"
	[ -z "$stderr" ]
	[ "$(manifest_digest "$REPO" latest)" = "${output#*@}" ]
	# A name that was there before stays.
	docker_t tag "$ref" "$REG/$REPO:kept"
	run -0 --separate-stderr bb-docker-push "$ref" "$REG/$REPO:kept"
	run -0 docker_t image inspect "$REG/$REPO:kept"
}

@test "credentials in the docker config go with the push; helpers are noted" {
	committed_bottle demo
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	mkdir -p "$HOME/.docker"
	# The registry takes anyone: the point is that bb reads the file.
	printf '{"auths": {"%s": {"auth": "%s"}}}\n' "$REG" "$(printf 'me:secret' | base64)" \
		>"$HOME/.docker/config.json"
	run -0 --separate-stderr bb-docker-push "$ref" "$REG/$REPO:v1"
	[ -z "$stderr" ]
	printf '{"credsStore": "desktop"}\n' >"$HOME/.docker/config.json"
	run -0 --separate-stderr bb-docker-push "$ref" "$REG/$REPO:v1"
	[ "$stderr" = "bb-docker-push: note: docker credential helpers are not consulted; going to '$REG' anonymously" ]
	printf '{"auths": {"%s": {"auth": "not base64!"}}}\n' "$REG" >"$HOME/.docker/config.json"
	run -0 --separate-stderr bb-docker-push "$ref" "$REG/$REPO:v1"
	[[ $stderr == *"warning: the credentials for '$REG' in the docker config are not base64 of user:password; going anonymously"* ]]
}

@test "BB_TRACE=1 shows the chain bb push runs" {
	committed_bottle demo
	ref=$(cat "$BB_HOME/state/demo/committed-image")
	BB_TRACE=1 run -0 --separate-stderr bb push demo "$REG/$REPO:v1"
	[[ $stderr == *"bb-docker-push $ref $REG/$REPO:v1"* ]]
	[[ $stderr == *"bb-state-write demo pushed"* ]]
}
