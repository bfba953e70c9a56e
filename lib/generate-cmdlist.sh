#!/bin/sh
# Build helper: turn Documentation/command-list.txt into a C table, or check
# that the list, the programs and the pages agree.
set -eu
mode=$1 list=$2

entries() {
	grep -v '^#' "$list" | grep -v '^[[:space:]]*$'
}

case $mode in
header)
	echo '/* Generated from Documentation/command-list.txt; do not edit. */'
	echo 'static const struct cmdname { const char *name, *group, *summary; } command_list[] = {'
	entries | while read -r name group summary; do
		printf '\t{ "%s", "%s", "%s" },\n' "$name" "$group" "$summary"
	done
	echo '};'
	;;
check)
	bad=0
	listed=$(entries | awk '{print $1}' | sort)
	built=$(find porcelain plumbing backends -name 'bb*.c' | sed 's|.*/||; s|\.c$||' | sort)
	for n in $(printf '%s\n' "$listed" | comm -23 - /dev/fd/3 3<<EOB
$built
EOB
	); do
		echo "command-list: '$n' is listed but has no source file" >&2; bad=1
	done
	for n in $(printf '%s\n' "$built" | comm -23 - /dev/fd/3 3<<EOB
$listed
EOB
	); do
		echo "command-list: '$n' has a source file but is not listed" >&2; bad=1
	done
	for n in $listed; do
		ls Documentation/"$n".[0-9].scd >/dev/null 2>&1 ||
			{ echo "command-list: '$n' has no page Documentation/$n.N.scd" >&2; bad=1; }
	done
	entries | while read -r name group summary; do
		case $group in
		porcelain|plumbing|backend) ;;
		*) echo "command-list: '$name' has unknown group '$group'" >&2; exit 1 ;;
		esac
		[ -n "$summary" ] || { echo "command-list: '$name' has no summary" >&2; exit 1; }
	done || bad=1
	exit $bad
	;;
*)
	echo "usage: generate-cmdlist.sh header|check <list>" >&2
	exit 100
	;;
esac
