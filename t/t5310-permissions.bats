#!/usr/bin/env bats
# Permissions: folders 0700 and files 0600 whatever the umask; a $BB_HOME of
# another user, or writable by others, refused; no link in the state tree
# ever followed.

load test_helper

setup() {
	bb_setup
	use_fake_container
	use_fake_smolvm
	OUT=$BATS_TEST_TMPDIR/outside
	perm_dir=
}

teardown() {
	umask 022
	[[ -z $perm_dir ]] || rm -rf "$perm_dir"
}

# A home another user can reach: the bats folders are private to root.
shared_home() {
	perm_dir=$(mktemp -d /tmp/bbperm.XXXXXX)
	chmod 755 "$perm_dir"
	BB_HOME=$perm_dir/home
}

# Everything bb keeps: a macos-container bottle committed (scratch under
# snapshots/demo), a smolmachines one committed (artifacts under
# snapshots/smol), pushed written, preserved unmarked and marked, a lock
# taken for a bottle with no state.
whole_life() {
	bb launch demo --backend macos-container --image alpine:3 -- sleep 1000 >/dev/null
	bb commit -m one demo >/dev/null
	bb launch smol --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null
	bb commit --yes smol >/dev/null
	bb-state-write demo pushed <<<"registry.example/demo@sha256:0123"
	bb-mark-preserved --undo demo
	bb-mark-preserved demo
	bb-lock other /bin/true
}

# Every folder bb made is 0700 and every file 0600; the artifacts smolvm
# writes into snapshots/<slug>/ are its own, in a 0700 folder.
check_modes() {
	local p want bad=() n=0
	while IFS= read -r -d '' p; do
		n=$((n + 1))
		if [[ -L $p ]]; then
			bad+=("$p is a symlink")
			continue
		fi
		[[ -d $p ]] && want=700 || want=600
		[[ $(stat -c %a "$p") == "$want" ]] || bad+=("$p is $(stat -c %a "$p"), not $want")
	done < <(find "$BB_HOME" -path "$BB_HOME/snapshots/*/*" -prune -o -print0)
	((${#bad[@]} == 0)) || fail "umask $(umask): $(printf '%s; ' "${bad[@]}")"
	for p in "" id state state/demo state/demo/metadata.json \
		state/demo/committed-image state/demo/preserved state/demo/snapshots \
		state/demo/pushed state/smol/committed-image locks locks/demo \
		locks/smol locks/other snapshots snapshots/demo snapshots/smol; do
		[[ -e $BB_HOME/$p ]] || fail "umask $(umask): $BB_HOME/$p was not made"
	done
	((n >= 17)) || fail "only $n entries under $BB_HOME"
}

@test "umask 000: every folder bb makes is 0700, every file 0600" {
	umask 000
	whole_life
	check_modes
}

@test "umask 077: every folder bb makes is 0700, every file 0600" {
	umask 077
	whole_life
	check_modes
}

@test "umask 000: a state file, the log and a lock made 0644 by hand become 0600 when bb writes them" {
	umask 000
	bb-state-write demo metadata.json < <(printf '{"version":1,"slug":"demo","backend":"macos-container"}\n')
	install -m 644 /dev/null "$BB_HOME/state/demo/snapshots"
	echo x:0 >"$BB_HOME/state/demo/committed-image"
	chmod 644 "$BB_HOME/state/demo/committed-image" "$BB_HOME/locks/demo"
	bb-state-write demo committed-image <<<"x:1"
	printf '2026-01-01T00:00:00Z\tx:1\t-\tm\n' | bb-state-append demo snapshots
	[ "$(stat -c %a "$BB_HOME/state/demo/committed-image")" = 600 ]
	[ "$(stat -c %a "$BB_HOME/state/demo/snapshots")" = 600 ]
	[ "$(stat -c %a "$BB_HOME/locks/demo")" = 600 ]
}

# Every program that opens the home, as "program|command|stdin"; bottle
# demo exists.
users=(
	"bb-state-read|bb-state-read demo metadata.json|"
	"bb-state-write|bb-state-write demo committed-image|x:2"
	"bb-mark-preserved|bb-mark-preserved demo|"
	"bb-state-append|bb-state-append demo snapshots|2026-01-01T00:00:00Z	x:2	x:1	m"
	"bb-container-running|bb-container-running demo|"
	"bb-lock|bb-lock demo /bin/true|"
	"bb-commit|bb commit demo|"
	"bb-resume|bb resume demo|"
	"bb-stop|bb stop demo|"
	"bb-ls|bb ls|"
	"bb-launch|bb launch new --backend macos-container --image alpine:3|"
)

# refused_by_all WHY [RUNNER...]: every program above exits 111 saying WHY,
# on one line, and changes nothing.
refused_by_all() {
	local why=$1 u prog line input cmd before
	shift
	before=$(find "$BB_HOME" -printf '%p %y %m %u:%g %s %T@\n' | sort)
	for u in "${users[@]}"; do
		IFS='|' read -r prog line input <<<"$u"
		read -ra cmd <<<"$line"
		run --separate-stderr timeout 20 "$@" "${cmd[@]}" <<<"$input"
		((status == 111)) || fail "${cmd[*]}: exit $status, not 111: $stderr"
		[[ $stderr == "$prog: fatal: "*"$why"* && $stderr != *$'\n'* ]] ||
			fail "${cmd[*]}: stderr: $stderr"
		[[ -z $output ]] || fail "${cmd[*]}: stdout: $output"
	done
	[ "$(find "$BB_HOME" -printf '%p %y %m %u:%g %s %T@\n' | sort)" = "$before" ]
}

new_bottle() {
	printf '{"version":1,"slug":"demo","backend":"macos-container","image":"alpine:3"}\n' |
		bb-state-write demo metadata.json
	bb-state-write demo committed-image <<<"x:1"
}

@test "a \$BB_HOME owned by another user is refused, 111, by every program" {
	new_bottle
	chown -R 65534:65534 "$BB_HOME"
	refused_by_all "owned by another user"
}

@test "run as another user, a \$BB_HOME of root is refused, 111, by every program" {
	shared_home
	new_bottle
	chmod 755 "$BB_HOME" # open to the other user; what is below is not
	refused_by_all "owned by another user" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		env PATH="$PATH" BB_HOME="$BB_HOME" HOME=/nonexistent
}

@test "a \$BB_HOME writable by its group or by others is refused, 111, by every program" {
	new_bottle
	for mode in 770 720 707 702 777 1777; do
		chmod "$mode" "$BB_HOME"
		refused_by_all "writable by group or others"
	done
}

@test "run as its owner, another user's \$BB_HOME writable by the group is refused too" {
	shared_home
	new_bottle
	chown -R 65534:65534 "$BB_HOME"
	chmod 770 "$BB_HOME"
	refused_by_all "writable by group or others" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		env PATH="$PATH" BB_HOME="$BB_HOME" HOME=/nonexistent
}

@test "a \$BB_HOME that is a link the user made is followed (only below it are links refused)" {
	new_bottle
	mv "$BB_HOME" "$BATS_TEST_TMPDIR/real-home"
	ln -s "$BATS_TEST_TMPDIR/real-home" "$BB_HOME"
	run -0 bb-state-read demo committed-image
	assert_output x:1
}

# Symlinks planted at every level of the tree, as
# "what is planted|command|stdin": each refused with 111, the link left
# there, its target untouched.
plants=(
	"state|bb-state-read demo metadata.json|"
	"state|bb ls|"
	"state/demo|bb-state-write demo committed-image|x:2"
	"state/demo|bb stop demo|"
	"state/demo/metadata.json|bb-state-read demo metadata.json|"
	"state/demo/metadata.json|bb-container-running demo|"
	"state/demo/committed-image|bb-state-read demo committed-image|"
	"state/demo/committed-image|bb-state-write demo committed-image|x:2"
	"state/demo/committed-image|bb-state-write --old x:1 demo committed-image|x:2"
	"state/demo/committed-image|bb resume demo|"
	"state/demo/preserved|bb-mark-preserved demo|"
	"state/demo/preserved|bb-mark-preserved --undo demo|"
	"state/demo/preserved|bb-state-write demo preserved|"
	"state/demo/preserved|bb stop demo|"
	"state/demo/snapshots|bb-state-read demo snapshots|"
	"state/demo/snapshots|bb-state-append demo snapshots|2026-01-01T00:00:00Z	x:2	x:1	m"
	"state/demo/pushed|bb-state-read demo pushed|"
	"state/demo/pushed|bb-state-write demo pushed|x@sha256:1"
	"locks|bb-mark-preserved demo|"
	"locks|bb-lock demo /bin/true|"
	"locks/demo|bb-state-write demo committed-image|x:2"
	"locks/demo|bb commit demo|"
	"id|bb launch new --backend macos-container --image alpine:3|"
	"snapshots|bb commit --yes demo|"
	"snapshots/demo|bb commit --yes demo|"
	"snapshots/smol|bb commit --yes smol|"
)

# What the links point to: names, modes, sizes, times and contents.
out_state() {
	find "$OUT" -printf '%p %y %m %s %T@\n' | sort
	find "$OUT" -type f -exec cat {} +
}

@test "a symlink planted at any level of the state tree is refused, 111, never followed (${#plants[@]} cases)" {
	local p what cmd input target before argv
	for p in "${plants[@]}"; do
		IFS='|' read -r what cmd input <<<"$p"
		rm -rf "$BB_HOME" "$OUT" "$SMOLVM_DATA_DIR" "$FAKE_CONTAINER_STATE"
		mkdir -p "$OUT" "$SMOLVM_DATA_DIR" "$FAKE_CONTAINER_STATE"
		# Only a freeze needs a runtime object; the rest stop before.
		case $cmd in
		*"--yes demo") bb launch demo --backend macos-container --image alpine:3 -- sleep 1000 >/dev/null ;;
		*"--yes smol") bb launch smol --backend smolmachines --image alpine:3 -- sleep 1000 >/dev/null ;;
		*) new_bottle ;;
		esac
		mkdir -m 700 "$BB_HOME/snapshots"
		# The target: a copy of what stood there, else a folder for a
		# folder, a file for a file; following the link would work.
		target=$OUT/target
		if [[ -e $BB_HOME/$what ]]; then
			cp -a "$BB_HOME/$what" "$target"
			rm -rf "${BB_HOME:?}/$what"
		elif [[ $what == snapshots/* ]]; then
			mkdir "$target"
		else
			echo secret >"$target"
		fi
		ln -s "$target" "$BB_HOME/$what"
		before=$(out_state)
		read -ra argv <<<"$cmd"
		if [[ -n $input ]]; then
			run --separate-stderr timeout 20 "${argv[@]}" <<<"$input"
		else
			run --separate-stderr timeout 20 "${argv[@]}" </dev/null
		fi
		((status == 111)) || fail "$what, $cmd: exit $status, not 111: $stderr$output"
		[[ $stderr == bb-*": fatal: "* && $stderr != *$'\n'* ]] || fail "$what, $cmd: stderr: $stderr"
		[[ -L $BB_HOME/$what ]] || fail "$what, $cmd: the link is gone"
		[ "$(out_state)" = "$before" ] ||
			fail "$what, $cmd: the target changed"
	done
}

@test "bb stop removes links planted in the bottle's folder, not what they point to" {
	new_bottle
	echo secret >"$BATS_TEST_TMPDIR/target"
	mkdir "$BATS_TEST_TMPDIR/folder"
	echo kept >"$BATS_TEST_TMPDIR/folder/file"
	ln -s "$BATS_TEST_TMPDIR/target" "$BB_HOME/state/demo/notes"
	ln -s "$BATS_TEST_TMPDIR/folder" "$BB_HOME/state/demo/more"
	ln -s "$BATS_TEST_TMPDIR/target" "$BB_HOME/state/demo/.committed-image.1.deadbeef"
	# A lock holder sweeps temp files: the link goes, its target stays.
	bb-state-write demo committed-image <<<"x:2"
	assert_not_exist "$BB_HOME/state/demo/.committed-image.1.deadbeef"
	run -0 --separate-stderr bb stop demo
	assert_not_exist "$BB_HOME/state/demo"
	[ "$(cat "$BATS_TEST_TMPDIR/target")" = secret ]
	[ "$(cat "$BATS_TEST_TMPDIR/folder/file")" = kept ]
}
