package querycheck

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// EnvLog names the directory where a service process writes the shapes of
// its queries (one JSON line per distinct shape, never a value), for the
// e2e suite to check against the indexes once the tests have run.
const EnvLog = "COPYDESK_QUERY_LOG"

// FileRecorder returns a Recorder writing each new shape to
// dir/<name>-<pid>.jsonl.
func FileRecorder(dir, name string) (*Recorder, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("query log: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, name+"-"+strconv.Itoa(os.Getpid())+".jsonl"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("query log: %w", err)
	}
	enc := json.NewEncoder(f) // unbuffered: each shape is on disk once written
	return NewRecorder(func(s Shape) { _ = enc.Encode(s) }), nil
}

// ReadLog reads every shape written under dir.
func ReadLog(dir string) ([]Shape, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	var out []Shape
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			var s Shape
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				_ = f.Close()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			out = append(out, s)
		}
		_ = f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
