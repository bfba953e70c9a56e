#!/usr/bin/env bats
# bb commit killed with SIGKILL, its whole process group at once, at each
# step of its chain and at random instants, on the real engine: the state
# stays one that the next command accepts, and the next commit succeeds.
#
# BB_STRESS_KILLS (default 200; `make stress` sets more) is the number of
# random kills; BB_STRESS_SEED replays a run's delays (timing still varies).

load test_helper
load reliability

setup() {
	bb_setup
	require_docker
	held_pid='' lock_holder=''
}

teardown() {
	# Only what this test started, by id.
	if [[ -n ${held_pid-} ]]; then
		kill -KILL -- "-$held_pid" 2>/dev/null || :
		wait "$held_pid" 2>/dev/null || :
	fi
	if [[ -n ${lock_holder-} ]]; then
		release_lock
	fi
	docker_cleanup_home
}

# committed SLUG: the committed ref, or nothing when there is none.
# bb-state-read must accept the file: exit 0 with one line, or 1 (absent).
committed() {
	local out status=0
	out=$(bb-state-read "$1" committed-image) || status=$?
	case $status in
	0) printf '%s' "$out" ;;
	1) ;;
	*) fail "${kill_ctx-}bb-state-read $1 committed-image exits $status" ;;
	esac
}

# load_log SLUG: read the snapshots log (bash only: the random kills
# check it hundreds of times). Sets log_n, its number of lines, and
# last_ref, last_parent: the last line's fields.
load_log() {
	local f=$BB_HOME/state/$1/snapshots lines=()
	[[ -f $f ]] && mapfile -t lines <"$f"
	log_n=${#lines[@]} last_ref='' last_parent=''
	if ((log_n)); then
		IFS=$'\t' read -r _ last_ref last_parent _ <<<"${lines[-1]}"
	fi
}

# log_lines SLUG: lines of the snapshots log (0 when there is none).
log_lines() {
	load_log "$1"
	echo "$log_n"
}

# log_field SLUG N FIELD: FIELD (2 ref, 3 parent) of line N.
log_field() {
	sed -n "${2}p" "$BB_HOME/state/$1/snapshots" | cut -f"$3"
}

# check_after_kill SLUG OLD OLDLINES: what a killed commit leaves. The
# committed ref is the old one or the new complete one, parses, and names
# an image that exists; the log holds the old lines, maybe one more (with
# the old ref as its parent), and the new ref only when that line is there.
# Sets after_ref (the committed ref) and log_n.
check_after_kill() {
	local slug=$1 old=$2 oldlines=$3 now re
	re="^bot-bottle/$slug:$snapshot_tag_re\$"
	now=$(committed "$slug")
	after_ref=$now
	load_log "$slug"
	if ((log_n == oldlines + 1)); then
		[[ $last_parent == "${old:--}" ]] ||
			fail "${kill_ctx-}the new log line's parent is '$last_parent', not '${old:--}'"
		[[ $now == "$old" || $now == "$last_ref" ]] ||
			fail "${kill_ctx-}committed-image is '$now': neither the old '$old' nor the new '$last_ref'"
	elif ((log_n == oldlines)); then
		[[ $now == "$old" ]] ||
			fail "${kill_ctx-}committed-image is '$now', not the old '$old', and the log has no new line"
	else
		fail "${kill_ctx-}the log went from $oldlines to $log_n lines"
	fi
	if [[ -n $now ]]; then
		[[ $now =~ $re ]] || fail "${kill_ctx-}committed-image '$now' does not parse as a ref"
		image_exists "$now" || fail "${kill_ctx-}committed-image '$now' names no image"
	fi
}

# next_commit_ok SLUG [COMMITTED]: the next commit succeeds at once (--no-wait: nothing
# left behind holds the lock) and is recorded; no temp file is left.
next_commit_ok() {
	local slug=$1 before now left
	if (($# > 1)); then
		before=$2
	else
		before=$(committed "$slug")
	fi
	timeout 120 bb commit --no-wait "$slug" >/dev/null 2>"$BATS_TEST_TMPDIR/next.err" ||
		fail "${kill_ctx-}the next commit exits $?: $(<"$BATS_TEST_TMPDIR/next.err")"
	now=$(committed "$slug")
	load_log "$slug"
	[[ $now == "$last_ref" ]] ||
		fail "${kill_ctx-}after the next commit, committed-image is '$now', not the last log line's '$last_ref'"
	[[ $last_parent == "${before:--}" ]] ||
		fail "${kill_ctx-}the next commit's parent is '$last_parent', not '${before:--}'"
	image_exists "$now" ||
		fail "${kill_ctx-}the next commit's image '$now' does not exist"
	left=$(compgen -G "$BB_HOME/state/$slug/.*[!.]*") || :
	[[ -z $left ]] || fail "${kill_ctx-}temp files left: $left"
}

# kill_at_step PROG: run bb commit, kill its group as the chain reaches
# PROG, check the state and that the next commit succeeds.
kill_at_step() {
	local prog=$1 old lines
	old=$(committed demo)
	lines=$(log_lines demo)
	stage_exec_path
	wrap_stop "$prog"
	spawn_held bb commit demo >/dev/null 2>&1
	release_held
	wait_for_file "$BATS_TEST_TMPDIR/at-$prog"
	kill_group "$held_pid"
	[ "$killed_status" -eq 137 ]
	held_pid=
	unwrap_prog "$prog"
	check_after_kill demo "$old" "$lines"
}

@test "killed while it waits for the bottle's lock: nothing changes" {
	launch_bottle demo
	bb commit demo >/dev/null
	save_state
	hold_lock demo
	spawn_held bb commit demo >/dev/null 2>&1
	release_held
	sleep 0.3
	# Still there, blocked in flock(2).
	assert_not_exist "$BATS_TEST_TMPDIR/held.status"
	run -0 pgrep -g "$held_pid" -x bb-commit
	[[ $(proc_state "$output") == S ]]
	kill_group "$held_pid"
	[ "$killed_status" -eq 137 ]
	held_pid=
	release_lock
	lock_holder=
	assert_state_kept
	next_commit_ok demo
}

@test "killed as the freeze starts, before the engine is asked: nothing changes" {
	launch_bottle demo
	bb commit demo >/dev/null
	save_state
	kill_at_step bb-docker-commit
	assert_state_kept
	next_commit_ok demo
}

@test "killed during POST /commit: the container stays paused until the engine is done; the next commit works" {
	launch_bottle demo
	bb commit demo >/dev/null
	# A layer big enough that the engine commits it for a while.
	docker_t exec bot-bottle-demo sh -c 'head -c 134217728 /dev/urandom >/root/big'
	save_state
	spawn_held bb commit demo >/dev/null 2>&1
	release_held
	for ((i = 0; i < 1000; i++)); do
		[[ $(container_status bot-bottle-demo) == paused ]] && break
		sleep 0.01
	done
	[[ $(container_status bot-bottle-demo) == paused ]]
	kill_group "$held_pid"
	[ "$killed_status" -eq 137 ]
	held_pid=
	assert_state_kept
	# The engine goes on committing, the container paused, after bb is gone.
	echo "# container after the kill: $(container_status bot-bottle-demo)" >&3
	next_commit_ok demo
	wait_unpaused bot-bottle-demo
	run -0 bb-container-running demo
	# The killed commit's image, done now, is untagged: every tag the
	# engine has for the bottle is a snapshot of its log.
	run -0 docker_t images --format '{{.Repository}}:{{.Tag}}' bot-bottle/demo
	assert_equal "${#lines[@]}" 2
	for tag in "${lines[@]}"; do
		grep -qF "	$tag	" "$BB_HOME/state/demo/snapshots" || fail "tag $tag is in no log line"
	done
}

@test "killed before it marks a first commit's bottle preserved: nothing changes" {
	launch_bottle demo
	save_state
	kill_at_step bb-mark-preserved
	assert_state_kept
	assert_not_exist "$BB_HOME/state/demo/preserved"
	next_commit_ok demo
	assert_file_exist "$BB_HOME/state/demo/preserved"
}

@test "killed between the append and the swap: a history line, the old ref committed" {
	launch_bottle demo
	bb commit demo >/dev/null
	old=$(committed demo)
	kill_at_step bb-state-write
	[ "$(log_lines demo)" -eq 2 ]
	[ "$(committed demo)" = "$old" ]
	orphan=$(log_field demo 2 2)
	image_exists "$orphan"
	next_commit_ok demo
	[ "$(log_lines demo)" -eq 3 ]
	# The next commit's parent is the committed ref, not the orphan line.
	[ "$(log_field demo 3 3)" = "$old" ]
	[ "$(log_field demo 3 2)" != "$orphan" ]
}

@test "killed after the swap, before the hints: the new ref is committed" {
	launch_bottle demo
	bb commit demo >/dev/null
	old=$(committed demo)
	kill_at_step bb-docker-export-hint
	[ "$(log_lines demo)" -eq 2 ]
	[ "$(committed demo)" = "$(log_field demo 2 2)" ]
	[ "$(committed demo)" != "$old" ]
	next_commit_ok demo
}

@test "temp files a killed writer left are ignored by readers and swept by the next commit" {
	launch_bottle demo
	bb commit demo >/dev/null
	ref=$(committed demo)
	# What a kill between a temp file's creation and its rename leaves.
	printf 'bot-bottle/demo:half' >"$BB_HOME/state/demo/.committed-image.4242.0badf00d"
	: >"$BB_HOME/state/demo/.preserved.4243.00c0ffee"
	run -0 --separate-stderr bb-state-read demo committed-image
	assert_output "$ref"
	next_commit_ok demo
}

# The delay before the kill, in seconds, drawn so that kills land in every
# step: an eighth at once (the dispatcher, start-up, the lock), an eighth
# in the first 5 ms (the first steps), a quarter over the whole commit
# (mostly the POST /commit), half within 12 ms of tail_ms, the estimated
# end of the POST: marking, the append, the swap, the hints. Sets delay and
# near_tail.
draw_delay() {
	local ms
	near_tail=0
	case $((RANDOM % 8)) in
	0) ms=0 ;;
	1) ms=$((RANDOM % 5)) ;;
	2 | 3) ms=$((RANDOM % (tail_ms + 10))) ;;
	*) ms=$((tail_ms - 12 + RANDOM % 25)) near_tail=1 ;;
	esac
	((ms >= 0)) || ms=0
	printf -v delay '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# follow_tail STEP: move tail_ms towards the instant the chain leaves the
# freeze: later when a kill near it came before that, earlier when the
# commit had finished. (It settles where a third of those kills find the
# commit done: the rest land in the freeze's end and the steps after it.)
follow_tail() {
	((near_tail)) || return 0
	case $1 in
	finished*) tail_ms=$((tail_ms - 8)) ;;
	[1-4]*) tail_ms=$((tail_ms + 4)) ;;
	esac
	((tail_ms >= 20)) || tail_ms=20
}

# kill_step TRACE GREW SWAPPED: where the kill landed, in step: the last
# step the chain's trace (BB_TRACE=1) shows, refined by what the state and
# the engine showed (engine_paused).
kill_step() {
	local trace=() last='' n
	if [[ $killed_status == 0 ]]; then
		step="finished before the kill"
		return
	fi
	mapfile -t trace <"$1"
	for ((n = ${#trace[@]} - 1; n >= 0; n--)); do
		if [[ ${trace[n]} =~ trace:\ [a-z]+:\ (bb-[a-z-]+( --needs-stop)?) ]]; then
			last=${BASH_REMATCH[1]}
			break
		fi
	done
	case $last in
	'' | bb-commit) step="1 start-up, waiting for the lock" ;;
	*--needs-stop) step="2 locked, before the freeze" ;;
	bb-docker-freeze | bb-docker-commit)
		if ((engine_paused)); then
			step="4 freeze: engine committing (paused)"
		else
			step="3 freeze: before or after POST /commit"
		fi
		;;
	bb-mark-preserved) step="5 marking preserved" ;;
	bb-state-append)
		if (($2)); then
			step="7 between the append and the swap"
		else
			step="6 appending"
		fi
		;;
	bb-state-write)
		if (($3)); then
			step="9 swapped, before the hints"
		else
			step="8 swapping committed-image"
		fi
		;;
	bb-docker-export-hint) step="9 swapped, before the hints" ;;
	*) step="? after '$last'" ;;
	esac
}

@test "SIGKILL at random instants (BB_STRESS_KILLS, default 200): the state holds, the next commit succeeds" {
	local kills=${BB_STRESS_KILLS:-200} seed=${BB_STRESS_SEED:-$((SRANDOM % 1000000))}
	local kill_i old lines delay near_tail step appended=0 paused=0 tail_ms re ref_re t0
	local engine_paused status_pid after_ref log_n last_ref last_parent swapped temps=0
	local -A steps=()
	RANDOM=$seed
	re=$(snapshot_ref_re demo)
	launch_bottle demo
	# A first estimate of the end of the freeze: a commit's duration.
	t0=${EPOCHREALTIME/./}
	bb commit demo >/dev/null
	tail_ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	after_ref=$(committed demo)
	load_log demo
	# (Not i: bats' run would change it.)
	for ((kill_i = 1; kill_i <= kills; kill_i++)); do
		old=$after_ref
		lines=$log_n
		draw_delay
		kill_ctx="kill $kill_i of $kills (delay ${delay}s, BB_STRESS_SEED=$seed): "
		spawn_held env BB_TRACE=1 bb commit demo >/dev/null 2>"$BATS_TEST_TMPDIR/trace"
		release_held
		[[ $delay == 0.000 ]] || nap "$delay"
		kill -KILL -- "-$held_pid" 2>/dev/null || :
		# Paused now: the engine was committing when the chain died.
		# (Asked aside: a busy engine answers slowly.)
		container_status bot-bottle-demo >"$BATS_TEST_TMPDIR/status" &
		status_pid=$!
		kill_group "$held_pid"
		held_pid=
		check_after_kill demo "$old" "$lines"
		wait "$status_pid" || :
		# A temp file a killed writer left: the next lock holder sweeps it.
		[[ -z $(compgen -G "$BB_HOME/state/demo/.*[!.]*") ]] || temps=$((temps + 1))
		engine_paused=0
		[[ $(<"$BATS_TEST_TMPDIR/status") != paused ]] || engine_paused=1
		swapped=0
		[[ $after_ref == "$old" ]] || swapped=1
		kill_step "$BATS_TEST_TMPDIR/trace" $((log_n > lines)) "$swapped"
		steps[$step]=$((${steps[$step]:-0} + 1))
		[[ $step != 4* ]] || paused=$((paused + 1))
		appended=$((appended + log_n - lines))
		follow_tail "$step"
		# The next commit: at once, even with the container still paused
		# by the engine's commit for the killed chain.
		next_commit_ok demo "$after_ref"
		after_ref=$last_ref # (checked: the committed ref)
	done
	kill_ctx=
	# The engine resumes a container its unfinished commits paused.
	wait_unpaused bot-bottle-demo
	# The whole log: valid lines, one per commit that got to its append,
	# unique refs, parents that came before, every ref an image.
	[ "$(log_lines demo)" -eq $((1 + appended + kills)) ]
	ref_re=${re#^} ref_re=${ref_re%$}
	run -1 grep -Evn "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z	$ref_re	(-|$ref_re)	[^	]*\$" \
		"$BB_HOME/state/demo/snapshots"
	run -0 awk -F '\t' '
		$3 != "-" && !($3 in seen) { print NR": parent "$3" unknown"; bad = 1 }
		$2 in seen { print NR": duplicate "$2; bad = 1 }
		{ seen[$2] = 1 }
		END { exit bad }' "$BB_HOME/state/demo/snapshots"
	docker_t images --filter "label=bot-bottle.home=$(cat "$BB_HOME/id")" \
		--format '{{.Repository}}:{{.Tag}}' | sort -u >"$BATS_TEST_TMPDIR/images"
	run -0 comm -23 <(cut -f2 "$BB_HOME/state/demo/snapshots" | sort -u) "$BATS_TEST_TMPDIR/images"
	assert_output ""
	{
		printf '# %d kills (BB_STRESS_SEED=%s): %d during the engine commit, %d left a history line, %d a temp file; where they landed:\n' \
			"$kills" "$seed" "$paused" "$appended" "$temps"
		for step in "${!steps[@]}"; do
			printf '#   %4d  %s\n' "${steps[$step]}" "$step"
		done | sort -k3
	} >&3
}
