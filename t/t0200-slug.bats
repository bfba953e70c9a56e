#!/usr/bin/env bats
# Slugs: the grammar of DESIGN.md §1, enforced before anything is written.

load test_helper

setup() {
	bb_setup
}

good_slugs=(a 0 demo my-bottle my_bottle a1-b2_c3 "$(printf 'a%.0s' {1..52})")

bad_slugs() {
	printf '%s\0' "" ".." "a/b" "-rf" "A" "$(printf 'a%.0s' {1..53})" \
		"$(printf 'a%.0s' {1..64})" "a--b" "a-" "_a" "a__b" "a-_b" \
		"é" "caf$(printf '\xc3\xa9')" "$(printf 'a\nb')" "a b" "a.b" \
		"." "a:b" "$(printf 'a\tb')"
}

@test "bb-check-slug accepts every valid slug, printing nothing" {
	for s in "${good_slugs[@]}"; do
		run -0 --separate-stderr bb-check-slug "$s"
		assert_output ""
		[ -z "$stderr" ]
	done
}

@test "bb-check-slug rejects every bad slug with exit 100 and one line" {
	while IFS= read -r -d '' s; do
		run -100 --separate-stderr bb-check-slug -- "$s"
		assert_output ""
		[[ $stderr == "bb-check-slug: fatal: invalid slug"* ]] || fail "slug '$s': $stderr"
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || fail "slug '$s' gave more than one line"
	done < <(bad_slugs)
}

@test "a newline in a slug is shown escaped, never raw" {
	run -100 --separate-stderr bb-check-slug "$(printf 'a\nb')"
	[[ $stderr == *"'a\\x0ab'"* ]]
}

@test "every state program rejects bad slugs before writing anything" {
	while IFS= read -r -d '' s; do
		run -100 --separate-stderr bb-state-read -- "$s" committed-image
		run -100 --separate-stderr bb-state-write -- "$s" committed-image <<<"x:1"
		run -100 --separate-stderr bb-mark-preserved -- "$s"
		run -100 --separate-stderr bb-lock -- "$s" true
		assert_output ""
	done < <(bad_slugs)
	assert_not_exist "$BB_HOME"
}

@test "bb-check-slug -h and bad usage" {
	run -0 --separate-stderr bb-check-slug -h
	assert_output "usage: bb-check-slug <slug>"
	run -100 --separate-stderr bb-check-slug
	assert_output ""
	[[ $stderr == *"too few arguments"* ]]
	run -100 --separate-stderr bb-check-slug a b
	[[ $stderr == *"too many arguments"* ]]
}
