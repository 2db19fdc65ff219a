package config

import (
	"strings"
	"testing"
	"time"
)

func TestReaderReportsEveryProblem(t *testing.T) {
	t.Parallel()
	r := FromMap(map[string]string{"JWT_SECRET": "short", "PORT": "abc", "TTL": "-1s", "FLAG": "maybe"})
	_ = r.Secret("JWT_SECRET", 32)
	_ = r.Required("MONGO_URI")
	_ = r.Int("PORT", 8080, 1, 65535)
	_ = r.Duration("TTL", time.Minute)
	_ = r.Bool("FLAG", false)
	err := r.Err()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"JWT_SECRET must be at least 32 bytes", "MONGO_URI is required", "PORT must be", "TTL must be", "FLAG must be"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "short") {
		t.Errorf("error reveals the secret value: %q", err)
	}
}

func TestReaderDefaultsAndValues(t *testing.T) {
	t.Parallel()
	r := FromMap(map[string]string{"PORT": "9000", "LIST": " a, ,b ", "D": "2m", "B": "true"})
	if got := r.Int("PORT", 1, 1, 65535); got != 9000 {
		t.Errorf("PORT = %d", got)
	}
	if got := r.String("MISSING", "def"); got != "def" {
		t.Errorf("default = %q", got)
	}
	if got := r.List("LIST", nil); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("LIST = %q", got)
	}
	if got := r.Duration("D", 0); got != 2*time.Minute {
		t.Errorf("D = %v", got)
	}
	if !r.Bool("B", false) {
		t.Error("B = false")
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
}
