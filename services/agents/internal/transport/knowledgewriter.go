package transport

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcclient"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// KnowledgeWriter is integrations.Knowledge: the knowledge service's
// Ingest and DeleteSource, called with this service's own credential (a
// sync job acts on nobody's behalf; knowledge admits the service role to
// these two RPCs) and the company named explicitly.
type KnowledgeWriter struct {
	Client knowledgev1.KnowledgeServiceClient
}

var _ integrations.Knowledge = KnowledgeWriter{}

// Ingest writes one document as a source of company.
func (k KnowledgeWriter) Ingest(ctx context.Context, company string, d integrations.Document) (string, bool, error) {
	resp, err := k.Client.Ingest(grpcclient.AsService(ctx), &knowledgev1.IngestRequest{Title: d.Title, Format: "html", Content: d.Content,
		Source: &knowledgev1.SourceRef{Type: integrations.ProductTag, Ref: d.Ref, Url: d.URL}, Tags: d.Tags, CompanyId: company})
	if err != nil {
		if st, ok := status.FromError(err); ok && st.Code() == codes.InvalidArgument {
			return "", false, errs.New(errs.ErrBadRequest, "knowledge refused the document: %s", st.Message())
		}
		return "", false, fmt.Errorf("knowledge ingest: %w", err)
	}
	return resp.GetSource().GetId(), resp.GetUnchanged(), nil
}

// DeleteSource removes a source; one already gone is no error.
func (k KnowledgeWriter) DeleteSource(ctx context.Context, id string) error {
	_, err := k.Client.DeleteSource(grpcclient.AsService(ctx), &knowledgev1.DeleteSourceRequest{Id: id})
	if status.Code(err) == codes.NotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("knowledge delete source: %w", err)
	}
	return nil
}
