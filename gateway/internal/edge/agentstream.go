package edge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	agentsv1 "github.com/copydesk/copydesk/gen/copydesk/agents/v1"
)

// Agent chat routes served here (after the generated ones, so they win).
const (
	pathChat       = "/api/agents/{agent_id}/chat"
	pathChatStream = "/api/agents/{agent_id}/chat/stream"
)

// registerAgentStream serves chat as Server-Sent Events on
// POST /api/agents/{id}/chat/stream, and on POST /api/agents/{id}/chat when
// the body says "stream": true (otherwise one JSON answer as generated).
// Events: `event: delta` with {"delta"} per token, flushed at once; then
// `event: done` with {"conversation_id","message"} — the stored answer with
// its citations and usage. An error before the first byte is an ordinary
// JSON error answer (a 429 keeps Retry-After); after it, a final
// `event: error`. A client that disconnects cancels the gRPC stream, and
// the agents service's llm call with it. Same shape as llmstream.go.
func registerAgentStream(_ context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
	h := agentStream{mux: mux, client: agentsv1.NewChatServiceClient(conn)}
	if err := mux.HandlePath(http.MethodPost, pathChatStream, h.stream); err != nil {
		return err
	}
	return mux.HandlePath(http.MethodPost, pathChat, h.chat)
}

type agentStream struct {
	mux    *runtime.ServeMux
	client agentsv1.ChatServiceClient
}

func (h agentStream) decode(w http.ResponseWriter, r *http.Request, agentID string, req *agentsv1.ChatRequest) (runtime.Marshaler, bool) {
	outbound, ok := decodeBody(h.mux, w, r, req)
	req.AgentId = agentID // the path wins over the body
	return outbound, ok
}

func (h agentStream) chat(w http.ResponseWriter, r *http.Request, params map[string]string) {
	var req agentsv1.ChatRequest
	outbound, ok := h.decode(w, r, params["agent_id"], &req)
	if !ok {
		return
	}
	if req.GetStream() {
		h.serve(w, r, outbound, &req, pathChat)
		return
	}
	ctx, err := runtime.AnnotateContext(r.Context(), h.mux, r, agentsv1.ChatService_Chat_FullMethodName, runtime.WithHTTPPathPattern(pathChat))
	if err != nil {
		runtime.HTTPError(r.Context(), h.mux, outbound, w, r, err)
		return
	}
	resp, err := h.client.Chat(ctx, &req)
	if err != nil {
		runtime.HTTPError(ctx, h.mux, outbound, w, r, err)
		return
	}
	runtime.ForwardResponseMessage(ctx, h.mux, outbound, w, r, resp)
}

func (h agentStream) stream(w http.ResponseWriter, r *http.Request, params map[string]string) {
	var req agentsv1.ChatRequest
	if outbound, ok := h.decode(w, r, params["agent_id"], &req); ok {
		h.serve(w, r, outbound, &req, pathChatStream)
	}
}

func (h agentStream) serve(w http.ResponseWriter, r *http.Request, outbound runtime.Marshaler, req *agentsv1.ChatRequest, pattern string) {
	ctx, err := runtime.AnnotateContext(r.Context(), h.mux, r, agentsv1.ChatService_StreamChat_FullMethodName, runtime.WithHTTPPathPattern(pattern))
	if err != nil {
		runtime.HTTPError(r.Context(), h.mux, outbound, w, r, err)
		return
	}
	ctx, cancel := context.WithCancel(ctx) // ends the gRPC stream on every return
	defer cancel()
	stream, err := h.client.StreamChat(ctx, &agentsv1.StreamChatRequest{AgentId: req.GetAgentId(), Message: req.GetMessage(),
		ConversationId: req.GetConversationId()})
	var first *agentsv1.StreamChatResponse
	if err == nil {
		first, err = stream.Recv() // errors of a server stream arrive here
	}
	if err != nil {
		runtime.HTTPError(ctx, h.mux, outbound, w, r, err)
		return
	}
	rc, out := startSSE(w, r)
	for msg := first; ; {
		if werr := writeChatEvent(out, rc, outbound, msg); werr != nil {
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

// writeChatEvent writes one delta event or the final done event and
// flushes.
func writeChatEvent(w io.Writer, rc *http.ResponseController, m runtime.Marshaler, msg *agentsv1.StreamChatResponse) error {
	var err error
	if msg.GetDone() {
		var b []byte
		if b, err = m.Marshal(&agentsv1.ChatResponse{ConversationId: msg.GetConversationId(), Message: msg.GetMessage()}); err == nil {
			_, err = fmt.Fprintf(w, "event: done\ndata: %s\n\n", b)
		}
	} else {
		b, _ := json.Marshal(map[string]string{"delta": msg.GetDelta()})
		_, err = fmt.Fprintf(w, "event: delta\ndata: %s\n\n", b)
	}
	if err != nil {
		return err
	}
	return rc.Flush()
}
