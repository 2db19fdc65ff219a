// Package config reads settings from the environment. A Reader collects
// every problem so that a service reports them all at once (errors.Join).
package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Reader reads typed values and remembers every problem.
type Reader struct {
	lookup func(string) (string, bool)
	errs   []error
}

// FromEnv reads from the process environment.
func FromEnv() *Reader { return &Reader{lookup: os.LookupEnv} }

// FromMap reads from m (for tests).
func FromMap(m map[string]string) *Reader {
	return &Reader{lookup: func(k string) (string, bool) { v, ok := m[k]; return v, ok }}
}

func (r *Reader) raw(key string) (string, bool) {
	v, ok := r.lookup(key)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

// String returns the value of key or def.
func (r *Reader) String(key, def string) string {
	if v, ok := r.raw(key); ok {
		return v
	}
	return def
}

// Required returns the value of key and records a problem when it is unset.
func (r *Reader) Required(key string) string {
	v, ok := r.raw(key)
	if !ok {
		r.errs = append(r.errs, fmt.Errorf("%s is required", key))
	}
	return v
}

// Secret returns a required secret of at least minLen bytes. The value never
// appears in an error.
func (r *Reader) Secret(key string, minLen int) string {
	v, ok := r.raw(key)
	switch {
	case !ok:
		r.errs = append(r.errs, fmt.Errorf("%s is required", key))
	case len(v) < minLen:
		r.errs = append(r.errs, fmt.Errorf("%s must be at least %d bytes (got %d)", key, minLen, len(v)))
	}
	return v
}

// Int returns an integer in [min, max] or def.
func (r *Reader) Int(key string, def, minV, maxV int) int {
	v, ok := r.raw(key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < minV || n > maxV {
		r.errs = append(r.errs, fmt.Errorf("%s must be an integer from %d to %d", key, minV, maxV))
		return def
	}
	return n
}

// Bool returns a boolean or def.
func (r *Reader) Bool(key string, def bool) bool {
	v, ok := r.raw(key)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s must be true or false", key))
		return def
	}
	return b
}

// Duration returns a positive duration (Go syntax, e.g. 15m) or def.
func (r *Reader) Duration(key string, def time.Duration) time.Duration {
	v, ok := r.raw(key)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.errs = append(r.errs, fmt.Errorf("%s must be a positive duration such as 30s or 15m", key))
		return def
	}
	return d
}

// List returns a comma-separated list (empty items dropped) or def.
func (r *Reader) List(key string, def []string) []string {
	v, ok := r.raw(key)
	if !ok {
		return def
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Check records a problem when ok is false.
func (r *Reader) Check(ok bool, format string, args ...any) {
	if !ok {
		r.errs = append(r.errs, fmt.Errorf(format, args...))
	}
}

// Err returns every problem found, joined, or nil.
func (r *Reader) Err() error {
	if len(r.errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid configuration: %w", errors.Join(r.errs...))
}
