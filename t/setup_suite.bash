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

# A line in the bats output (a TAP comment), where setup_suite's own output
# is shown only when it fails.
_bbt_note() {
	printf '# %s\n' "$@" >&3
}

# The docker CLI against $_bbt_host, with nothing inherited that could point
# it elsewhere, and bounded.
_bbt_docker() {
	timeout 120 env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_API_VERSION \
		-u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
		DOCKER_CONFIG="$_bbt_dir/client" \
		docker -H "$_bbt_host" "$@"
}

# _bbt_ping HOST: does the engine at HOST answer?
_bbt_ping() {
	if [[ $1 == unix://* ]] && command -v curl >/dev/null; then
		curl -fsS --max-time 2 --unix-socket "${1#unix://}" \
			http://engine/_ping >/dev/null 2>&1
	else
		_bbt_host=$1 _bbt_docker version >/dev/null 2>&1
	fi
}

# _bbt_running PID: is PID a process, and not a zombie?
_bbt_running() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ -n $stat && ${stat%% *} != Z ]]
}

# _bbt_alive PID: is PID a live process of ours, i.e. one whose command line
# names our folder? (A zombie's command line is empty.)
_bbt_alive() {
	[[ -n $1 ]] && grep -qsa -e "$(_bbt_dir_re)" "/proc/$1/cmdline"
}

# Every live process whose command line names our folder: the dockerd and,
# when dockerd manages its own, containerd and its shims.
_bbt_our_pids() {
	grep -lsa -e "$(_bbt_dir_re)" /proc/[0-9]*/cmdline |
		sed -n 's|^/proc/\([0-9]*\)/cmdline$|\1|p'
	return 0
}

# Our folder as a regular expression, written so that grep's own command
# line does not match it.
_bbt_dir_re() {
	printf '%s/' "${_bbt_dir//./\\.}"
}

_bbt_start_dockerd() {
	local d=$_bbt_dir ns i
	ns=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
	printf '{}\n' >"$d/daemon.json"	# not /etc/docker/daemon.json
	_bbt_host=unix://$d/docker.sock
	(
		# Close every descriptor bats holds (fd 3 is its output pipe:
		# a daemon holding it would hang the run).
		for fd in /proc/"$BASHPID"/fd/*; do
			fd=${fd##*/}
			((fd > 2)) && eval "exec $fd>&-"
		done
		exec dockerd --config-file "$d/daemon.json" \
			--data-root "$d/data" --exec-root "$d/exec" \
			--pidfile "$d/dockerd.pid" -H "$_bbt_host" \
			--containerd-namespace "bbt-$ns" \
			--containerd-plugins-namespace "bbtp-$ns" \
			--bridge=none --iptables=false --ip6tables=false
	) </dev/null >"$d/dockerd.log" 2>&1 &
	_bbt_pid=$!

	for ((i = 0; i < 300; i++)); do	# 30 s
		_bbt_ping "$_bbt_host" && return 0
		_bbt_running "$_bbt_pid" || break	# (not yet exec'd: no _bbt_alive)
		sleep 0.1
	done
	_bbt_note "private dockerd did not answer on $_bbt_host; end of $d/dockerd.log:"
	tail -n 20 "$d/dockerd.log" | sed 's/^/#   /' >&3
	return 1
}

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
	local status=0 pid i m mounts=()
	[[ -n $_bbt_dir && -d $_bbt_dir ]] || return 0

	# Stop only the dockerd we started: our pid, checked against the pid
	# file and against its command line naming our folder.
	if [[ -n $_bbt_pid ]]; then
		pid=$_bbt_pid
		if [[ -r $_bbt_dir/dockerd.pid ]]; then
			pid=$(<"$_bbt_dir/dockerd.pid")
		fi
		if _bbt_alive "$pid"; then
			kill -TERM "$pid" 2>/dev/null || :
			for ((i = 0; i < 300; i++)); do	# 30 s
				_bbt_alive "$pid" || break
				sleep 0.1
			done
		fi
		# Stragglers (dockerd, or its containerd and shims if it was
		# killed): TERM, then KILL.
		for pid in $(_bbt_our_pids); do
			kill -TERM "$pid" 2>/dev/null || :
		done
		for ((i = 0; i < 50; i++)); do
			[[ -z $(_bbt_our_pids) ]] && break
			sleep 0.1
		done
		for pid in $(_bbt_our_pids); do
			kill -KILL "$pid" 2>/dev/null || :
		done
		wait "$_bbt_pid" 2>/dev/null || :
		if [[ -n $(_bbt_our_pids) ]]; then
			_bbt_note "teardown_suite: processes of $_bbt_dir still alive: $(_bbt_our_pids | tr '\n' ' ')"
			status=1
		fi
	fi

	# Anything still mounted under our folder, deepest first.
	mapfile -t mounts < <(awk -v d="$_bbt_dir/" \
		'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
	for m in "${mounts[@]}"; do
		umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || :
	done

	if ! rm -rf --one-file-system -- "$_bbt_dir"; then
		_bbt_note "teardown_suite: could not remove $_bbt_dir"
		status=1
	fi
	return "$status"
}
