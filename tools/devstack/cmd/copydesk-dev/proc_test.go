package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// child is a process the runner started, identified by pid and start time
// (so a reused pid is not mistaken for it).
type child struct {
	pid      int
	start    string // /proc/<pid>/stat field 22
	name     string // executable's base name
	grpcAddr string // GRPC_ADDR from its environment, for services
}

// childrenOf scans /proc for the processes whose parent is ppid.
func childrenOf(ppid int) ([]child, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var kids []child
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		parent, start, state, err := procStat(pid)
		if err != nil || parent != ppid || state == "Z" {
			continue // gone meanwhile, someone else's, or already dead
		}
		exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		if err != nil {
			return nil, fmt.Errorf("child %d: %w", pid, err)
		}
		c := child{pid: pid, start: start, name: filepath.Base(exe)}
		if env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid)); err == nil {
			// The last GRPC_ADDR wins, as for the process's getenv.
			for kv := range strings.SplitSeq(string(env), "\x00") {
				if v, ok := strings.CutPrefix(kv, "GRPC_ADDR="); ok {
					c.grpcAddr = v
				}
			}
		}
		kids = append(kids, c)
	}
	return kids, nil
}

// exists reports whether the process is still in the process table, even
// as a zombie: a child the runner stopped and waited for is gone before the
// runner exits; one still listed was left to die (or live) on its own.
func (c child) exists() bool {
	_, start, _, err := procStat(c.pid)
	return err == nil && start == c.start
}

// procStat reads the parent pid, start time and state of pid.
func procStat(pid int) (ppid int, start, state string, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, "", "", err
	}
	// "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, "", "", errors.New("malformed /proc stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return 0, "", "", errors.New("short /proc stat")
	}
	ppid, err = strconv.Atoi(f[1])
	return ppid, f[19], f[0], err
}
