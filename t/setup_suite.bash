# shellcheck shell=bash
#
# Suite-wide setup: find or start the Docker engine under test and give it a
# base image. See DESIGN.md §6.
#
# The engine under test is never found implicitly: DOCKER_HOST and
# /var/run/docker.sock are ignored. The engine is
#   - BB_TEST_DOCKER_HOST, when set and answering; else
#   - as root, a private dockerd started here, with its own data root, exec
#     root, pid file, socket and containerd namespaces under /tmp/bbd.XXXX,
#     stopped by teardown_suite.
# When there is none, BB_TEST_DOCKER_HOST is exported empty and
# BB_TEST_DOCKER_WHY says why; require_docker (test_helper.bash) then skips,
# or fails when BB_REQUIRE_DOCKER=1.
#
# This file is sourced by bats-exec-suite itself: globals are prefixed _bbt_
# so as not to clobber bats' own. setup_suite runs under `set -eET`.

_bbt_dir=	# our scratch folder, /tmp/bbd.XXXX; teardown_suite removes it
_bbt_host=	# the engine in use, e.g. unix:///tmp/bbd.XXXX/docker.sock
_bbt_pid=	# the pid of the dockerd we started, if any
_bbt_why=	# why there is no engine under test, if there is none

# The private dockerd: starting, stopping, cleaning up (shared with test
# files that need a second engine).
# shellcheck source=t/dockerd.bash
source "${BASH_SOURCE[0]%/*}/dockerd.bash"

# A busybox-static rootfs, imported: no registry can be reached.
_bbt_import_base() {
	local r=$_bbt_dir/rootfs a
	if [[ ! -x /bin/busybox ]]; then
		_bbt_why="no /bin/busybox for the base image (install busybox-static)"
		return 1
	fi
	# ldd exits 1 on a static binary: read its words, not its status
	# (callers may run with pipefail).
	local how
	how=$(LC_ALL=C ldd /bin/busybox 2>&1) || :
	if ! grep -Eq 'not a dynamic executable|statically linked' <<<"$how"; then
		_bbt_why="/bin/busybox is dynamically linked (install busybox-static)"
		return 1
	fi
	mkdir -p "$r/bin" "$r/tmp" "$r/etc" "$r/root" &&
		chmod 1777 "$r/tmp" &&
		cp /bin/busybox "$r/bin/busybox" || return 1
	for a in $("$r/bin/busybox" --list); do
		[[ $a == busybox ]] || ln -s busybox "$r/bin/$a" || return 1
	done
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$r/etc/passwd" &&
		printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$r/etc/group" || return 1
	if ! tar -C "$r" --numeric-owner -c . |
		_bbt_docker import -c 'CMD ["/bin/sh"]' - "$BB_TEST_IMAGE" >/dev/null; then
		_bbt_why="docker import of the base image into $_bbt_host failed"
		return 1
	fi
}

setup_suite() {
	local t0 t1 t2 what version
	_bbt_why=
	_bbt_dir=$(mktemp -d /tmp/bbd.XXXX)
	mkdir "$_bbt_dir/client"
	export BB_TEST_IMAGE=bbtest:base
	t0=$EPOCHREALTIME

	if ! command -v docker >/dev/null; then
		_bbt_why="no docker client on PATH"
	elif [[ -n ${BB_TEST_DOCKER_HOST-} ]]; then
		what="BB_TEST_DOCKER_HOST"
		if _bbt_ping "$BB_TEST_DOCKER_HOST"; then
			_bbt_host=$BB_TEST_DOCKER_HOST
		else
			_bbt_why="BB_TEST_DOCKER_HOST=$BB_TEST_DOCKER_HOST does not answer"
		fi
	elif ((EUID != 0)); then
		_bbt_why="BB_TEST_DOCKER_HOST is unset and, not being root, the suite cannot start a private dockerd"
	elif ! command -v dockerd >/dev/null; then
		_bbt_why="BB_TEST_DOCKER_HOST is unset and there is no dockerd to start"
	else
		what="private dockerd"
		if ! _bbt_start_dockerd; then
			_bbt_why="the private dockerd did not start (log above)"
			_bbt_host=
		fi
	fi
	t1=$EPOCHREALTIME

	# A private engine is empty; a given one may have the image already.
	if [[ -n $_bbt_host && -z $_bbt_pid ]] &&
		_bbt_docker image inspect "$BB_TEST_IMAGE" >/dev/null 2>&1; then
		:
	elif [[ -n $_bbt_host ]] && ! _bbt_import_base; then
		_bbt_why=${_bbt_why:-"the base image could not be built"}
		_bbt_host=
	fi
	t2=$EPOCHREALTIME

	export BB_TEST_DOCKER_HOST=$_bbt_host
	export BB_TEST_DOCKER_WHY=$_bbt_why
	if [[ -n $_bbt_host ]]; then
		version=$(_bbt_docker version --format '{{.Server.Version}}' 2>/dev/null) || :
		_bbt_note "$(printf 'Docker engine under test: %s %s at %s (up %.1f s, %s %.1f s)' \
			"$what" "$version" "$_bbt_host" "$(_bbt_secs "$t1" "$t0")" \
			"$BB_TEST_IMAGE" "$(_bbt_secs "$t2" "$t1")")"
	else
		_bbt_note "no Docker engine under test: $_bbt_why"
	fi
}

# _bbt_secs A B: A - B in seconds, for two $EPOCHREALTIME values.
_bbt_secs() {
	local a=${1/./} b=${2/./}
	printf '%d.%06d' $(((10#$a - 10#$b) / 1000000)) $(((10#$a - 10#$b) % 1000000))
}

teardown_suite() {
	local status=0
	[[ -n $_bbt_dir && -d $_bbt_dir ]] || return 0
	_bbt_stop_dockerd || status=1
	_bbt_clean_dir || status=1
	return "$status"
}
