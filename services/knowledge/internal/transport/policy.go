package transport

import (
	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
)

// Policy lists every method of the knowledge service with the roles that
// may call it (ARCHITECTURE §3: managers CRUD and ingest, writers read and
// search, clients nothing). The company rules are the domain's.
func Policy() grpcserver.Policy {
	readers, managers := domain.ReaderRoles, domain.ManagerRoles
	// The agents service's Shopify sync ingests and removes product
	// documents on nobody's behalf (a service token naming the company).
	writers := append(append([]string(nil), managers...), principal.RoleService)
	return grpcserver.Policy{Roles: map[string][]string{
		knowledgev1.KnowledgeService_CreateChunk_FullMethodName:   managers,
		knowledgev1.KnowledgeService_GetChunk_FullMethodName:      readers,
		knowledgev1.KnowledgeService_ListChunks_FullMethodName:    readers,
		knowledgev1.KnowledgeService_UpdateChunk_FullMethodName:   managers,
		knowledgev1.KnowledgeService_DeleteChunk_FullMethodName:   managers,
		knowledgev1.KnowledgeService_Ingest_FullMethodName:        writers,
		knowledgev1.KnowledgeService_Search_FullMethodName:        readers,
		knowledgev1.KnowledgeService_ListSources_FullMethodName:   readers,
		knowledgev1.KnowledgeService_GetSource_FullMethodName:     readers,
		knowledgev1.KnowledgeService_DeleteSource_FullMethodName:  writers,
		knowledgev1.KnowledgeService_UploadSource_FullMethodName:  managers,
		knowledgev1.KnowledgeService_GetSourceFile_FullMethodName: readers,
	}}
}
