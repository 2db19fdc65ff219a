package pprofserve

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func TestLoopbackOnly(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "10.0.0.1:6060", "example.com:6060", "nonsense"} {
		if lis, err := Listen(addr); err == nil {
			_ = lis.Close()
			t.Fatalf("%s accepted: profiles must stay on loopback", addr)
		}
	}
}

func TestServesProfiles(t *testing.T) {
	t.Parallel()
	lis, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go Serve(t.Context(), lis, slog.New(slog.DiscardHandler))
	resp, err := http.Get("http://" + lis.Addr().String() + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile") {
		t.Fatalf("%s: %.200s", resp.Status, body)
	}
}
