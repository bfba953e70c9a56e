# shellcheck shell=bash
#
# Common setup for every test file: `load test_helper`, then call bb_setup
# from setup(). Docker tests also call require_docker. See DESIGN.md §6.

bats_require_minimum_version 1.5.0	# run -N, run --separate-stderr

# Debian installs the libraries in /usr/lib/bats; keep a caller's path first.
BATS_LIB_PATH=${BATS_LIB_PATH:+$BATS_LIB_PATH:}/usr/lib/bats
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

# bb_setup: give the test its own environment, with the binaries of the
# build tree first on PATH.
bb_setup() {
	: "${BB_BUILD:=$BATS_TEST_DIRNAME/../build}"
	if [[ ! -d $BB_BUILD ]]; then
		fail "bb_setup: BB_BUILD=$BB_BUILD is not a directory (run \`make\`, or set BB_BUILD to the build tree)"
		return 1
	fi
	BB_BUILD=$(cd -- "$BB_BUILD" && pwd -P) || return 1
	if [[ ! -f $BB_BUILD/bb || ! -x $BB_BUILD/bb ]]; then
		fail "bb_setup: no executable bb in BB_BUILD=$BB_BUILD (run \`make\`, or set BB_BUILD to the build tree)"
		return 1
	fi
	export BB_BUILD
	export PATH="$BB_BUILD:$PATH"

	export BB_HOME="$BATS_TEST_TMPDIR/bbhome"
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p -- "$HOME"
	export TZ=UTC
	export LC_ALL=C

	# Nothing inherited may point a test at another engine or change how
	# bb runs; docker tests get DOCKER_HOST from require_docker only.
	unset BB_EXEC_PATH BB_LOCK_FD BB_TRACE \
		DOCKER_HOST DOCKER_CONTEXT DOCKER_CONFIG DOCKER_API_VERSION \
		BB_DOCKER_API_VERSION DOCKER_TLS_VERIFY DOCKER_CERT_PATH
}

# require_docker: skip the test when there is no engine under test (fail
# instead when BB_REQUIRE_DOCKER=1, as in CI); else point DOCKER_HOST at it.
# setup_suite.bash finds or starts the engine; see there.
require_docker() {
	if [[ -z ${BB_TEST_DOCKER_HOST-} ]]; then
		local why=${BB_TEST_DOCKER_WHY:-BB_TEST_DOCKER_HOST is empty}
		if [[ ${BB_REQUIRE_DOCKER-} == 1 ]]; then
			fail "require_docker: BB_REQUIRE_DOCKER=1 but there is no Docker engine under test: $why"
			return 1
		fi
		skip "no Docker engine ($why)"
	fi
	export DOCKER_HOST="$BB_TEST_DOCKER_HOST"
	export BB_TEST_IMAGE="${BB_TEST_IMAGE:-bbtest:base}"
}

# docker_t: the docker CLI, against the engine under test only.
docker_t() {
	docker -H "$BB_TEST_DOCKER_HOST" "$@"
}

# docker_cleanup_home: remove, in the engine under test, the containers and
# bot-bottle/* images labelled with this test's BB_HOME id. For teardown().
docker_cleanup_home() {
	local id ids=() refs=()
	[[ -n ${BB_TEST_DOCKER_HOST-} && -n ${BB_HOME-} && -r $BB_HOME/id ]] ||
		return 0
	id=$(<"$BB_HOME/id") || return 0
	[[ -n $id ]] || return 0

	mapfile -t ids < <(docker_t ps -aq --no-trunc \
		--filter "label=bot-bottle.home=$id" 2>/dev/null)
	if ((${#ids[@]})); then
		docker_t rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
	fi

	local repo tag image
	while read -r repo tag image; do
		[[ $repo == bot-bottle/* ]] || continue
		if [[ $tag == '<none>' ]]; then
			refs+=("$image")
		else
			refs+=("$repo:$tag")
		fi
	done < <(docker_t images --no-trunc --filter "label=bot-bottle.home=$id" \
		--format '{{.Repository}} {{.Tag}} {{.ID}}' 2>/dev/null)
	if ((${#refs[@]})); then
		docker_t rmi -f "${refs[@]}" >/dev/null 2>&1 || true
	fi
	return 0
}

# A bottle command that exits at once on SIGTERM, so bb stop takes no grace
# period (a plain `sleep` as PID 1 ignores TERM and waits out the timeout).
bottle_cmd=(sh -c 'trap "exit 0" TERM; sleep 100000 & wait')

# launch_bottle SLUG [bb launch options...]: a running docker bottle.
launch_bottle() {
	local slug=$1
	shift
	bb launch "$slug" --backend docker --image "$BB_TEST_IMAGE" "$@" -- "${bottle_cmd[@]}" >/dev/null
}

# use_fake_container [VERSION]: the fake `container` CLI (t/fakes) on PATH,
# playing VERSION (default 1.2.2), its state in this test's folder.
use_fake_container() {
	export FAKE_CONTAINER_STATE=$BATS_TEST_TMPDIR/fake-container
	export FAKE_CONTAINER_VERSION=${1:-1.2.2}
	mkdir -p "$FAKE_CONTAINER_STATE"
	export PATH="$BATS_TEST_DIRNAME/fakes:$PATH"
}

# fake_calls: what the fake `container` was called with, one call a line.
fake_calls() {
	[[ -f $FAKE_CONTAINER_STATE/calls ]] || return 0
	jq -r 'join(" ")' "$FAKE_CONTAINER_STATE/calls"
}

# on_pty INPUT CMD...: run CMD with stdin, stdout and stderr on a pseudo-
# terminal (script(1)), INPUT typed in; sets output (CRs dropped) and status.
# CMD is exec'd: script runs it through $SHELL, and dash would stay as its
# parent and die of a ^C meant for CMD.
on_pty() {
	local input=$1 cmd
	shift
	printf -v cmd '%q ' "$@"
	cmd="exec $cmd"
	run bash -c 'printf "%b" "$1" | timeout 30 script -qec "$2" /dev/null | tr -d "\r"; exit "${PIPESTATUS[1]}"' \
		_ "$input" "$cmd"
}

# use_fake_smolvm [VERSION]: the fake `smolvm` CLI (t/fakes) on PATH, playing
# VERSION (default 1.23.7), its state in this test's folder.
use_fake_smolvm() {
	export SMOLVM_DATA_DIR=$BATS_TEST_TMPDIR/fake-smolvm
	export FAKE_SMOLVM_VERSION=${1:-1.23.7}
	mkdir -p "$SMOLVM_DATA_DIR"
	export PATH="$BATS_TEST_DIRNAME/fakes:$PATH"
}

# smolvm_calls: what the fake `smolvm` was called with, one call a line.
smolvm_calls() {
	[[ -f $SMOLVM_DATA_DIR/calls ]] || return 0
	jq -r 'join(" ")' "$SMOLVM_DATA_DIR/calls"
}
