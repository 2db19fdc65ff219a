package service

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/fakeaws"
)

// SIGHUP reads the secrets again and hands them to the hooks; a secret
// that went bad keeps the current values.
func TestHangupReloadsSecrets(t *testing.T) {
	sm := fakeaws.NewSecretsManager(t)
	sm.UseIt(t) // sets the process environment: not parallel
	sm.Put("copydesk/llm", `{"OPENAI_API_KEY":"sk-old"}`)
	p, _ := testProcess(t, nil)
	src, err := config.NewSource(t.Context(), func(k string) (string, bool) {
		return map[string]string{"AWS_SECRETS": "copydesk/llm"}[k], k == "AWS_SECRETS"
	})
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hangup := make(chan os.Signal)
	p.Listener, p.Hangup, p.Reload = lis, hangup, src.Read
	keys := make(chan string)
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, testSpec(func(_ context.Context, env *Env, _ testConfig) error {
			env.OnReload(func(r *config.Reader) error {
				keys <- r.String("OPENAI_API_KEY", "")
				return nil
			})
			env.OnReload(func(*config.Reader) error { return errors.New("refused") }) // does not stop the others
			return nil
		}), p)
	}()
	sm.Put("copydesk/llm", `{"OPENAI_API_KEY":"sk-new"}`)
	hangup <- syscall.SIGHUP
	if got := <-keys; got != "sk-new" {
		t.Fatalf("after SIGHUP the hook saw %q, want sk-new", got)
	}
	sm.Put("copydesk/llm", `not json`)
	hangup <- syscall.SIGHUP // read fails: no hook runs
	for sm.Calls() < 2 {     // the bad value was served
		time.Sleep(10 * time.Millisecond)
	}
	sm.Put("copydesk/llm", `{"OPENAI_API_KEY":"sk-newer"}`)
	hangup <- syscall.SIGHUP
	if got := <-keys; got != "sk-newer" {
		t.Fatalf("after a failed and a good reload the hook saw %q, want sk-newer", got)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A process whose AWS_SECRETS names a missing secret stops at start with
// a message naming it.
func TestMainStopsOnAMissingSecret(t *testing.T) {
	sm := fakeaws.NewSecretsManager(t)
	sm.UseIt(t)
	t.Setenv("AWS_SECRETS", "copydesk/missing")
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second) // a guard, not a measure
	defer cancel()
	err := runMain(ctx, testSpec(nil), nil)
	if err == nil || !strings.Contains(err.Error(), `AWS_SECRETS: secret "copydesk/missing": not found`) {
		t.Fatalf("runMain = %v, want the missing secret named", err)
	}
}
