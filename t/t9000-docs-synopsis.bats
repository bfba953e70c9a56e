#!/usr/bin/env bats
# Every command: listed, built, paged and tested; -h matches the page's SYNOPSIS.

load test_helper

setup() {
	bb_setup
	top=$BATS_TEST_DIRNAME/..
}

commands() {
	grep -v '^#' "$top/Documentation/command-list.txt" | awk 'NF {print $1}'
}

# The SYNOPSIS lines of a page: non-empty lines up to the next heading.
synopsis() {
	awk '/^# SYNOPSIS/ {on=1; next} /^# / {on=0} on && NF' "$1"
}

@test "every command's -h matches its page's SYNOPSIS, byte for byte" {
	for cmd in $(commands); do
		page=$top/Documentation/$cmd.1.scd
		run -0 --separate-stderr "$cmd" -h
		[ -z "$stderr" ] || fail "$cmd -h wrote to stderr"
		want=$(synopsis "$page")
		got=$(printf '%s\n' "$output" | sed -e 's/^usage: //' -e 's/^   or: //')
		[ "$got" = "$want" ] || fail "$cmd: -h says
$got
but $page says
$want"
	done
}

@test "every command rejects an unknown option with 100, usage on stderr only" {
	for cmd in $(commands); do
		[ "$cmd" = bb ] && continue
		run -100 --separate-stderr "$cmd" --no-such-option
		[ -z "$output" ] || fail "$cmd printed on stdout"
		[[ $stderr == *"usage: $cmd "* || $stderr == *"usage: bb ${cmd#bb-} "* ]] ||
			fail "$cmd: no usage on stderr"
	done
}

@test "every page has the sections in the house order" {
	for page in "$top"/Documentation/*.scd; do
		got=$(grep '^# ' "$page" | tr '\n' ' ')
		for s in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES "SEE ALSO"; do
			case $page in *.[57].scd) [[ $s == SYNOPSIS || $s == "EXIT STATUS" ]] && continue ;; esac
			[[ $got == *"# $s "* ]] || fail "$page lacks $s"
		done
		order=$(grep '^# ' "$page" | grep -n -E '^# (NAME|SYNOPSIS|DESCRIPTION|OPTIONS|EXIT STATUS|EXAMPLES|SEE ALSO)$' | cut -d: -f1 | tr '\n' ' ')
		sorted=$(tr " " "\n" <<<"$order" | grep . | sort -n | tr "\n" " ")
		[ "$order" = "$sorted" ] || fail "$page: sections out of order"
	done
}

@test "every page's NAME line matches the command list's summary" {
	while read -r name _ summary; do
		[[ -z $name || $name == \#* ]] && continue
		page=$top/Documentation/$name.1.scd
		grep -qxF "$name - $summary" "$page" || fail "$page: NAME is not '$name - $summary'"
	done <"$top/Documentation/command-list.txt"
}

@test "every listed command has a test file that names it" {
	for cmd in $(commands); do
		[ "$cmd" = bb ] && continue
		grep -lqE -- "bb[- ]${cmd#bb-}\b" "$top"/t/*.bats || fail "no test names $cmd"
	done
}

@test "the build refuses a command list that disagrees with the programs" {
	scratch=$BATS_TEST_TMPDIR/tree
	mkdir -p "$scratch"
	cp -r "$top"/Documentation "$top"/lib "$top"/plumbing "$top"/porcelain "$top"/backends "$scratch"/
	(cd "$scratch" && sh lib/generate-cmdlist.sh check Documentation/command-list.txt)
	echo "bb-ghost plumbing a command with no program" >>"$scratch/Documentation/command-list.txt"
	run -1 --separate-stderr sh -c "cd '$scratch' && sh lib/generate-cmdlist.sh check Documentation/command-list.txt"
	[[ $stderr == *"'bb-ghost' is listed but has no source file"* ]]
	[[ $stderr == *"'bb-ghost' has no page"* ]]
	sed -i '/bb-ghost/d' "$scratch/Documentation/command-list.txt"
	rm "$scratch/Documentation/bb-lock.1.scd"
	run -1 --separate-stderr sh -c "cd '$scratch' && sh lib/generate-cmdlist.sh check Documentation/command-list.txt"
	[[ $stderr == *"'bb-lock' has no page"* ]]
}

@test "every page renders with scdoc" {
	for page in "$top"/Documentation/*.scd; do
		scdoc <"$page" >/dev/null || fail "$page does not render"
	done
}
