// Package stack starts the whole Copydesk stack on one machine from a
// directory of built binaries: an embedded FerretDB (unless a MongoDB URI is
// given), every service of the Services table, then the gateway, each on a
// free 127.0.0.1 port, each in its own process group with its output in
// DataDir/logs/<name>.log. Start returns once GET /readyz of the gateway
// answers 200; Wait supervises the processes (restart with backoff, give up
// on a crash loop, see RestartPolicy); Stop terminates the processes in reverse order and then the
// database. `make run` (cmd/copydesk-dev) and the end-to-end tests use it.
package stack
