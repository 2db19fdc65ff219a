package edge

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeDrains: after the stop signal the gateway keeps serving for
// the drain delay, with /readyz at 503 and no connection kept alive, and
// then stops listening.
func TestServeDrains(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	_ = lis.Close()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "served "+r.URL.Path) })
	srv := &http.Server{Addr: addr, Handler: ok}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, slog.New(slog.DiscardHandler), 2*time.Second, time.Second) }()
	get := func(path string) (*http.Response, string, error) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b), nil
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		resp, _, err := get("/readyz")
		if err == nil {
			if resp.StatusCode != http.StatusOK || resp.Close {
				t.Fatalf("/readyz before the signal: %d, close %v", resp.StatusCode, resp.Close)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}

	stop()
	time.Sleep(200 * time.Millisecond)
	resp, body, err := get("/readyz")
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "draining") || !resp.Close {
		t.Fatalf("/readyz while draining: %v %v %q", resp, err, body)
	}
	resp, body, err = get("/api/tickets")
	if err != nil || resp.StatusCode != http.StatusOK || body != "served /api/tickets" || !resp.Close {
		t.Fatalf("a request while draining: %v %v %q (close wanted)", resp, err, body)
	}
	select {
	case err := <-done:
		t.Fatalf("stopped before the drain delay: %v", err)
	default:
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still serving 10s after the drain delay")
	}
	if _, _, err := get("/readyz"); err == nil {
		t.Fatal("still listening after Serve returned")
	}
}
