package edge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
)

// LLM streaming routes. They are registered after the generated llm
// handlers, so they take precedence (grpc-gateway tries the newest first).
const (
	pathCompletion       = "/api/llm/completion"
	pathCompletionStream = "/api/llm/completion/stream"
)

// registerLLMStream serves completions as Server-Sent Events on
// POST /api/llm/completion/stream, and on POST /api/llm/completion when the
// body says "stream": true (otherwise that route answers one JSON object as
// generated). Events: one `data: {"delta",...}` per token, flushed at once;
// then `event: usage` with the final message (usage, cost_micros); an error
// after the first byte is a final `event: error` with {"status","detail"}.
// An error before the first byte is an ordinary JSON error answer. A client
// that disconnects cancels the gRPC stream and so the upstream LLM call.
func registerLLMStream(_ context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
	h := llmStream{mux: mux, client: llmv1.NewLLMServiceClient(conn)}
	if err := mux.HandlePath(http.MethodPost, pathCompletionStream, h.stream); err != nil {
		return err
	}
	return mux.HandlePath(http.MethodPost, pathCompletion, h.complete)
}

type llmStream struct {
	mux    *runtime.ServeMux
	client llmv1.LLMServiceClient
}

func (h llmStream) decode(w http.ResponseWriter, r *http.Request, dst proto.Message) (runtime.Marshaler, bool) {
	return decodeBody(h.mux, w, r, dst)
}

// decodeBody reads the JSON body of a hand-served route into dst with the
// mux's marshaler (an empty body is an empty message); a body that does
// not decode is answered as the generated routes answer it.
func decodeBody(mux *runtime.ServeMux, w http.ResponseWriter, r *http.Request, dst proto.Message) (runtime.Marshaler, bool) {
	inbound, outbound := runtime.MarshalerForRequest(mux, r)
	if err := inbound.NewDecoder(r.Body).Decode(dst); err != nil && !errors.Is(err, io.EOF) {
		runtime.HTTPError(r.Context(), mux, outbound, w, r, status.Errorf(codes.InvalidArgument, "%v", err))
		return outbound, false
	}
	return outbound, true
}

func (h llmStream) complete(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	var req llmv1.CompleteRequest
	outbound, ok := h.decode(w, r, &req)
	if !ok {
		return
	}
	if req.GetStream() {
		h.serve(w, r, outbound, &llmv1.StreamCompleteRequest{
			Prompt: req.GetPrompt(), Messages: req.GetMessages(), System: req.GetSystem(), Model: req.GetModel(),
			Provider: req.GetProvider(), MaxTokens: req.GetMaxTokens(), Temperature: req.Temperature, CompanyId: req.GetCompanyId(),
		}, pathCompletion)
		return
	}
	ctx, err := runtime.AnnotateContext(r.Context(), h.mux, r, llmv1.LLMService_Complete_FullMethodName, runtime.WithHTTPPathPattern(pathCompletion))
	if err != nil {
		runtime.HTTPError(r.Context(), h.mux, outbound, w, r, err)
		return
	}
	resp, err := h.client.Complete(ctx, &req)
	if err != nil {
		runtime.HTTPError(ctx, h.mux, outbound, w, r, err)
		return
	}
	runtime.ForwardResponseMessage(ctx, h.mux, outbound, w, r, resp)
}

func (h llmStream) stream(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	var req llmv1.StreamCompleteRequest
	if outbound, ok := h.decode(w, r, &req); ok {
		h.serve(w, r, outbound, &req, pathCompletionStream)
	}
}

func (h llmStream) serve(w http.ResponseWriter, r *http.Request, outbound runtime.Marshaler, req *llmv1.StreamCompleteRequest, pattern string) {
	ctx, err := runtime.AnnotateContext(r.Context(), h.mux, r, llmv1.LLMService_StreamComplete_FullMethodName, runtime.WithHTTPPathPattern(pattern))
	if err != nil {
		runtime.HTTPError(r.Context(), h.mux, outbound, w, r, err)
		return
	}
	ctx, cancel := context.WithCancel(ctx) // ends the gRPC stream on every return
	defer cancel()
	stream, err := h.client.StreamComplete(ctx, req)
	var first *llmv1.StreamCompleteResponse
	if err == nil {
		first, err = stream.Recv() // errors of a server stream arrive here
	}
	if err != nil {
		runtime.HTTPError(ctx, h.mux, outbound, w, r, err)
		return
	}
	rc, out := startSSE(w, r)
	for msg := first; ; {
		if werr := writeEvent(out, rc, outbound, msg); werr != nil {
			return // the client went away; cancel() stops the upstream call
		}
		if msg.GetDone() {
			return
		}
		if msg, err = stream.Recv(); err != nil {
			if !errors.Is(err, io.EOF) && ctx.Err() == nil {
				writeSSEError(ctx, h.mux, out, rc, r, outbound, err)
			}
			return
		}
	}
}

// startSSE answers 200 with the event-stream headers, unbuffered, without
// an overall write deadline (a stream lives as long as its client; its
// context bounds it), and returns the writer to write events with: each
// write must be taken within the idle timeout (streamidle.go).
func startSSE(w http.ResponseWriter, r *http.Request) (*http.ResponseController, io.Writer) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	return rc, sseOut{w: w, rc: rc, idle: streamIdle(r.Context())}
}

// writeEvent writes one token event or the final usage event and flushes.
func writeEvent(w io.Writer, rc *http.ResponseController, m runtime.Marshaler, msg *llmv1.StreamCompleteResponse) error {
	var err error
	if msg.GetDone() {
		var b []byte
		if b, err = m.Marshal(msg); err == nil {
			_, err = fmt.Fprintf(w, "event: usage\ndata: %s\n\n", b)
		}
	} else {
		b, _ := json.Marshal(map[string]string{"delta": msg.GetDelta(), "model": msg.GetModel(), "provider": msg.GetProvider()})
		_, err = fmt.Fprintf(w, "data: %s\n\n", b)
	}
	if err != nil {
		return err
	}
	return rc.Flush()
}

// writeSSEError renders err with the gateway's one error handler (same
// status and neutral detail as a JSON answer) and sends it as the final
// `event: error` of a stream.
func writeSSEError(ctx context.Context, mux *runtime.ServeMux, w io.Writer, rc *http.ResponseController, r *http.Request, m runtime.Marshaler, err error) {
	rec := &bufferedWriter{header: http.Header{}}
	runtime.HTTPError(ctx, mux, m, rec, r, err)
	body := map[string]any{}
	_ = json.Unmarshal(rec.buf.Bytes(), &body)
	body["status"] = rec.code
	b, _ := json.Marshal(body)
	_, _ = fmt.Fprintf(w, "event: error\ndata: %s\n\n", b)
	_ = rc.Flush()
}

// bufferedWriter captures an error answer.
type bufferedWriter struct {
	header http.Header
	code   int
	buf    bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) { b.code = code }

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.code == 0 {
		b.code = http.StatusOK
	}
	return b.buf.Write(p)
}
