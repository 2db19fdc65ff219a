package netguard_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/netguard"
)

// Limits.Timeout bounds the whole exchange: a server slow to answer and
// one that answers at once but trickles its body are both cut at the
// limit, and Describe (the text users see) says "timed out" without the
// address.
func TestTimeLimit(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/body" {
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			for range 100 {
				_, _ = w.Write([]byte("x"))
				w.(http.Flusher).Flush()
				select {
				case <-time.After(50 * time.Millisecond):
				case <-release:
					return
				}
			}
			return
		}
		select { // headers late
		case <-time.After(10 * time.Second):
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	const limit = 200 * time.Millisecond
	c := (&netguard.Guard{AllowLoopback: true}).NewClient(netguard.Limits{Timeout: limit})
	check := func(what string, f func() error) {
		t.Helper()
		start := time.Now()
		err := f()
		took := time.Since(start)
		if err == nil || took < limit || took > limit+2*time.Second {
			t.Fatalf("%s: err %v after %s (limit %s)", what, err, took, limit)
		}
		if d := netguard.Describe(err); d != "timed out" || strings.Contains(d, "127.0.0.1") {
			t.Fatalf("%s: Describe = %q (%v)", what, d, err)
		}
	}
	check("late headers", func() error {
		resp, err := c.Get(slow.URL + "/headers")
		if err == nil {
			_ = resp.Body.Close()
			return errors.New("answered")
		}
		return err
	})
	check("trickled body", func() error {
		resp, err := c.Get(slow.URL + "/body")
		if err != nil {
			return err
		}
		defer func() { _ = resp.Body.Close() }()
		_, err = io.ReadAll(resp.Body)
		return err
	})
}
