package grpcserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/logging"
	"github.com/copydesk/copydesk/pkg/principal"
)

// testService is x.v1.S, a service whose methods are test handlers: each
// unary method runs the handler named after it in handlers.
const testService = "x.v1.S"

type handlers map[string]func(ctx context.Context) error

func (h handlers) desc() *grpc.ServiceDesc {
	sd := &grpc.ServiceDesc{ServiceName: testService, HandlerType: (*any)(nil)}
	for name, fn := range h {
		sd.Methods = append(sd.Methods, grpc.MethodDesc{MethodName: name,
			Handler: func(_ any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
				in := new(emptypb.Empty)
				if err := dec(in); err != nil {
					return nil, err
				}
				run := func(ctx context.Context, _ any) (any, error) { return new(emptypb.Empty), fn(ctx) }
				return ic(ctx, in, &grpc.UnaryServerInfo{FullMethod: "/" + testService + "/" + name}, run)
			}})
	}
	sd.Streams = []grpc.StreamDesc{{StreamName: "Stream", ServerStreams: true,
		Handler: func(_ any, ss grpc.ServerStream) error { return h["Stream"](ss.Context()) }}}
	return sd
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// records returns the JSON log records whose msg is msg.
func (s *syncBuffer) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(s.b.Bytes()))
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

type harness struct {
	srv    *Server
	conn   *grpc.ClientConn
	tokens *authn.Signer
	logs   *syncBuffer
}

// serve runs a real plaintext server with the test service on
// 127.0.0.1:0 until the test ends.
func serve(t *testing.T, h handlers, pol Policy) *harness {
	t.Helper()
	return serveWith(t, h, Options{Policy: pol}, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// serveWith is serve with more options (TLS, reflection) and the client's
// dial options.
func serveWith(t *testing.T, h handlers, o Options, dial ...grpc.DialOption) *harness {
	t.Helper()
	tokens, err := authn.GenerateSigner("copydesk", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	o.Name, o.Logger, o.Verifier = testService, logging.New(logs, "debug", "test"), authn.NewVerifier(tokens, "copydesk")
	srv := New(o)
	srv.RegisterService(h.desc(), struct{}{})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan error, 1)
	go func() { done <- srv.ServeListener(ctx, lis) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	conn, err := grpc.NewClient(lis.Addr().String(), dial...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return &harness{srv: srv, conn: conn, tokens: tokens, logs: logs}
}

// call invokes the unary method name of the test service.
func (h *harness) call(ctx context.Context, name string, opts ...grpc.CallOption) error {
	return h.conn.Invoke(ctx, "/"+testService+"/"+name, new(emptypb.Empty), new(emptypb.Empty), opts...)
}

// bearer is ctx carrying a token of p.
func (h *harness) bearer(t *testing.T, ctx context.Context, p principal.Principal) context.Context {
	t.Helper()
	tok, err := h.tokens.Issue(p)
	if err != nil {
		t.Fatal(err)
	}
	return outgoing(ctx, "authorization", "Bearer "+tok)
}

// counter is the value of the counter family name whose labels include
// want (0 when there is none).
func (h *harness) counter(t *testing.T, name string, want map[string]string) float64 {
	t.Helper()
	fams, err := h.srv.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if hasLabels(m, want) {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	got := map[string]string{}
	for _, l := range m.GetLabel() {
		got[l.GetName()] = l.GetValue()
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// stream opens the server-streaming method Stream and reads it to the end.
func (h *harness) stream(ctx context.Context) error {
	cs, err := h.conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true}, "/"+testService+"/Stream")
	if err != nil {
		return err
	}
	if err := cs.SendMsg(new(emptypb.Empty)); err != nil {
		return err
	}
	if err := cs.CloseSend(); err != nil {
		return err
	}
	for {
		if err := cs.RecvMsg(new(emptypb.Empty)); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}
