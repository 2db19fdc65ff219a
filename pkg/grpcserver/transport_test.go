package grpcserver

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"golang.org/x/net/http2"
)

// A peer sees the stream cap in the server's settings, and one that
// floods pings is sent GOAWAY (too_many_pings) and cut off.
func TestTransportLimits(t *testing.T) {
	t.Parallel()
	h := serve(t, handlers{}, Policy{})
	c, err := net.Dial("tcp", h.conn.Target())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(c, http2.ClientPreface); err != nil {
		t.Fatal(err)
	}
	fr := http2.NewFramer(c, c)
	if err := fr.WriteSettings(); err != nil {
		t.Fatal(err)
	}
	var streams uint32
	var away *http2.GoAwayFrame
	for i := 0; away == nil; i++ {
		if i < 20 {
			if err := fr.WritePing(false, [8]byte{byte(i)}); err != nil && !errors.Is(err, net.ErrClosed) {
				break
			}
		}
		f, err := fr.ReadFrame()
		if err != nil {
			break
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if v, ok := f.Value(http2.SettingMaxConcurrentStreams); ok {
				streams = v
			}
		case *http2.GoAwayFrame:
			away = f
		}
	}
	if streams != MaxConcurrentStreams {
		t.Errorf("server advertises %d concurrent streams, want %d", streams, MaxConcurrentStreams)
	}
	if away == nil || away.ErrCode != http2.ErrCodeEnhanceYourCalm {
		t.Fatalf("a ping flood got %v, want GOAWAY ENHANCE_YOUR_CALM", away)
	}
}
