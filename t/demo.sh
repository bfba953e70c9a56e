#!/usr/bin/env bash
# make demo: bb's main job, shown end to end on a Docker Engine. Uses the
# engine that DOCKER_HOST (or /var/run/docker.sock) names when it answers,
# else starts a private one as the test suite does; removes all it made.
set -euo pipefail

top=$(cd -- "$(dirname -- "$0")/.." && pwd)
export PATH="$top/build:$PATH"
export BB_HOME
BB_HOME=$(mktemp -d /tmp/bb-demo.XXXXXX)/home

# Each command is shown as you would type it; bold only on a terminal.
bold='' plain=''
if [[ -t 1 && -z ${NO_COLOR-} ]]; then bold=$'\033[1m' plain=$'\033[0m'; fi
run() {
	local a shown=
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
			shown+=" $a"
		else
			shown+=" '${a//\'/\'\\\'\'}'"
		fi
	done
	printf '\n%s$%s%s\n' "$bold" "$shown" "$plain"
	"$@"
}

# setup_suite reports on fd 3 and finds or starts the engine.
exec 3>&2
# shellcheck source=t/setup_suite.bash
source "$top/t/setup_suite.bash"
host=${DOCKER_HOST:-unix:///var/run/docker.sock}
if _bbt_ping "$host" 2>/dev/null; then
	export BB_TEST_DOCKER_HOST=$host
fi
imported=
cleanup() {
	local ref
	set +e
	bb-docker-remove bot-bottle-demo >/dev/null 2>&1
	if [[ -r $BB_HOME/state/demo/snapshots ]]; then
		cut -f2 "$BB_HOME/state/demo/snapshots" | while read -r ref; do
			_bbt_docker rmi "$ref" >/dev/null 2>&1
		done
	fi
	[[ -n $imported ]] && _bbt_docker rmi "$BB_TEST_IMAGE" >/dev/null 2>&1
	rm -rf "${BB_HOME%/home}"
	teardown_suite
}
trap cleanup EXIT
if [[ -n ${BB_TEST_DOCKER_HOST-} ]] && ! _bbt_host=$BB_TEST_DOCKER_HOST \
	_bbt_docker image inspect bbtest:base >/dev/null 2>&1; then
	imported=1
fi
setup_suite
[[ -n $BB_TEST_DOCKER_HOST ]] || { echo "demo: no Docker engine: $BB_TEST_DOCKER_WHY" >&2; exit 1; }
export DOCKER_HOST=$BB_TEST_DOCKER_HOST

run bb launch demo --backend docker --image "$BB_TEST_IMAGE" -- sh -c 'trap "exit 0" TERM; sleep 100000 & wait'
run docker exec bot-bottle-demo sh -c 'echo "written before the commit, at $(date)" >/root/survivor'
run bb commit -m "demo snapshot" demo
run bb stop demo
run bb ls
run bb resume demo
run docker exec bot-bottle-demo cat /root/survivor
run bb log demo
printf '\nThe file survived: bot-bottle-demo booted from %s.\n' "$(bb-state-read demo committed-image)"
