# shellcheck shell=bash
#
# A private dockerd for the tests (DESIGN.md §6): started with its own data
# root, exec root, pid file, socket and containerd namespaces under
# $_bbt_dir (a short /tmp/bbd.XXXX: a socket path must stay under 108
# bytes), stopped by its pid, checked against its command line. Sourced by
# setup_suite.bash for the engine under test, and by test files that need a
# second engine (a second machine).
#
# Globals (set by the caller, or by _bbt_start_dockerd):
#   _bbt_dir   the scratch folder, /tmp/bbd.XXXX
#   _bbt_host  the engine, e.g. unix:///tmp/bbd.XXXX/docker.sock
#   _bbt_pid   the pid of the dockerd started, if any

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

# _bbt_stop_dockerd: stop the dockerd started in $_bbt_dir, if any, and
# whatever it left running; 1 when something would not die.
_bbt_stop_dockerd() {
	local status=0 pid i
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
			_bbt_note "processes of $_bbt_dir still alive: $(_bbt_our_pids | tr '\n' ' ')"
			status=1
		fi
	fi
	return "$status"
}

# _bbt_clean_dir: unmount what is left under $_bbt_dir, then remove it.
_bbt_clean_dir() {
	local status=0 m mounts=()
	# Anything still mounted under our folder, deepest first.
	mapfile -t mounts < <(awk -v d="$_bbt_dir/" \
		'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
	for m in "${mounts[@]}"; do
		umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || :
	done

	if ! rm -rf --one-file-system -- "$_bbt_dir"; then
		_bbt_note "could not remove $_bbt_dir"
		status=1
	fi
	return "$status"
}
