package edge

import (
	"context"
	"net/http"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	ticketsv1 "github.com/copydesk/copydesk/gen/copydesk/tickets/v1"
)

// registerTicketUpload serves POST /api/tickets/{id}/attachments
// (multipart: "file") through TicketAttachmentService.UploadAttachment and
// answers the stored attachment.
func registerTicketUpload(_ context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
	client := ticketsv1.NewTicketAttachmentServiceClient(conn)
	return handleUpload(mux, ticketsv1.TicketAttachmentService_UploadAttachment_FullMethodName, pathTicketAttachments, nil,
		func(ctx context.Context, params map[string]string) (uploadStream, error) {
			s, err := client.UploadAttachment(ctx)
			return ticketUpload{s: s, id: params["id"]}, err
		})
}

// handleUpload registers an upload route: serveUpload with the stream
// that open starts for the route's path parameters.
func handleUpload(mux *runtime.ServeMux, method, pattern string, fields []string,
	open func(ctx context.Context, params map[string]string) (uploadStream, error)) error {
	return mux.HandlePath(http.MethodPost, pattern, func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		serveUpload(mux, method, pattern, fields, w, r, func(ctx context.Context) (uploadStream, error) { return open(ctx, params) })
	})
}

type ticketUpload struct {
	s  ticketsv1.TicketAttachmentService_UploadAttachmentClient
	id string
}

func (t ticketUpload) sendHeader(_ map[string][]string, filename string) error {
	return t.s.Send(&ticketsv1.UploadAttachmentRequest{Part: &ticketsv1.UploadAttachmentRequest_Header{
		Header: &ticketsv1.UploadAttachmentHeader{Id: t.id, Filename: filename}}})
}

func (t ticketUpload) sendChunk(b []byte) error {
	return t.s.Send(&ticketsv1.UploadAttachmentRequest{Part: &ticketsv1.UploadAttachmentRequest_Chunk{Chunk: b}})
}

func (t ticketUpload) closeAndRecv() (proto.Message, error) {
	resp, err := t.s.CloseAndRecv()
	if err != nil {
		return nil, err
	}
	return resp.GetAttachment(), nil
}

// knowledgeUploadFields are the text fields of a knowledge upload form;
// tags and agent_ids may repeat or be comma-separated.
var knowledgeUploadFields = []string{"title", "ref", "tags", "agent_ids", "company_id"}

// registerKnowledgeUpload serves POST /api/knowledge_sources/upload
// (multipart: the fields above, then "file") through
// KnowledgeService.UploadSource and answers {source, chunk_count,
// unchanged}.
func registerKnowledgeUpload(_ context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error {
	client := knowledgev1.NewKnowledgeServiceClient(conn)
	return handleUpload(mux, knowledgev1.KnowledgeService_UploadSource_FullMethodName, pathKnowledgeUpload, knowledgeUploadFields,
		func(ctx context.Context, _ map[string]string) (uploadStream, error) {
			s, err := client.UploadSource(ctx)
			return knowledgeUpload{s: s}, err
		})
}

type knowledgeUpload struct {
	s knowledgev1.KnowledgeService_UploadSourceClient
}

func (k knowledgeUpload) sendHeader(f map[string][]string, filename string) error {
	first := func(name string) string {
		if v := f[name]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	return k.s.Send(&knowledgev1.UploadSourceRequest{Part: &knowledgev1.UploadSourceRequest_Header{Header: &knowledgev1.UploadSourceHeader{
		Filename: filename, Title: first("title"), Ref: first("ref"), Tags: splitList(f["tags"]),
		AgentIds: splitList(f["agent_ids"]), CompanyId: first("company_id"),
	}}})
}

func (k knowledgeUpload) sendChunk(b []byte) error {
	return k.s.Send(&knowledgev1.UploadSourceRequest{Part: &knowledgev1.UploadSourceRequest_Chunk{Chunk: b}})
}

func (k knowledgeUpload) closeAndRecv() (proto.Message, error) {
	return k.s.CloseAndRecv()
}

// splitList reads repeated and comma-separated values, dropping empty ones.
func splitList(vs []string) []string {
	out := []string{}
	for _, v := range vs {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
