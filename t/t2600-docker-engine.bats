#!/usr/bin/env bats
# Finding the engine: DOCKER_HOST, contexts, dead sockets, unsupported hosts.

load test_helper

setup() {
	bb_setup
	require_docker
}

teardown() {
	docker_cleanup_home
}

@test "DOCKER_HOST at a dead socket: one line naming it, within a second, nothing written" {
	launch_bottle demo
	cp -r "$BB_HOME" "$BATS_TEST_TMPDIR/before"
	dead=$BATS_TEST_TMPDIR/dead.sock
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$dead"
	DOCKER_HOST=unix://$dead run --separate-stderr timeout 1 bb commit demo
	[ "$status" -eq 111 ]
	assert_output ""
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ $stderr == *"unable to reach the Docker daemon at 'unix://$dead'"* ]]
	diff -r "$BATS_TEST_TMPDIR/before" "$BB_HOME"
	DOCKER_HOST=unix://$BATS_TEST_TMPDIR/none.sock run -111 --separate-stderr timeout 1 bb-docker-running bot-bottle-demo
	[[ $stderr == *"none.sock"* ]]
}

@test "ssh:// and malformed DOCKER_HOST values are refused with 100" {
	DOCKER_HOST=ssh://user@host run -100 --separate-stderr bb-docker-running bot-bottle-demo
	[[ $stderr == *"ssh:// is not supported"* ]]
	for h in 'npipe:////./pipe/docker' 'fd://' 'unix://' 'tcp://' 'bogus://x' 'tcp://host:notaport'; do
		DOCKER_HOST=$h run -100 --separate-stderr bb-docker-running bot-bottle-demo
		[[ $stderr == *"DOCKER_HOST"* ]] || fail "$h: $stderr"
	done
}

@test "the engine is found through the current docker context" {
	launch_bottle demo
	unset DOCKER_HOST
	mkdir -p "$HOME/.docker/contexts/meta/abc"
	printf '{"currentContext":"bbtest"}' >"$HOME/.docker/config.json"
	printf '{"Name":"bbtest","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}' \
		"$BB_TEST_DOCKER_HOST" >"$HOME/.docker/contexts/meta/abc/meta.json"
	run -0 bb-docker-running bot-bottle-demo
	DOCKER_CONTEXT=missing run -100 --separate-stderr bb-docker-running bot-bottle-demo
	[[ $stderr == *"missing"* ]]
	# DOCKER_HOST wins over the context.
	DOCKER_HOST=unix://$BATS_TEST_TMPDIR/none.sock run -111 bb-docker-running bot-bottle-demo
}

@test "DOCKER_API_VERSION is used as is; too new a version is the engine's error" {
	launch_bottle demo
	DOCKER_API_VERSION=1.40 run -0 bb-docker-running bot-bottle-demo
	DOCKER_API_VERSION=1.99 run -111 --separate-stderr bb-docker-running bot-bottle-demo
	[[ $stderr == *"is too new"* ]]
	DOCKER_API_VERSION=latest run -100 bb-docker-running bot-bottle-demo
}

@test "an HTTP server that is not a Docker Engine is an error, not 'no container'" {
	sock=$BATS_TEST_TMPDIR/http.sock
	python3 - "$sock" <<'PY' &
import http.server, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self): self.send_response(404); self.end_headers()
    def do_GET(self): self.send_response(404); self.end_headers()
    def log_message(self, *a): pass
class S(socketserver.UnixStreamServer):
    def get_request(self):
        r, _ = super().get_request(); return r, ("local", 0)
S(sys.argv[1], H).serve_forever()
PY
	server=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	DOCKER_HOST=unix://$sock run -111 --separate-stderr timeout 10 bb-docker-running bot-bottle-demo
	[[ $stderr == *"/_ping answered HTTP 404, not a Docker Engine"* ]]
	DOCKER_HOST=unix://$sock run -111 timeout 10 bb-docker-stop bot-bottle-demo
	kill "$server"
}
