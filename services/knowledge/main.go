// Command knowledge serves copydesk.knowledge.v1: a company's ingested
// documents (sources), their chunks and hybrid search over them, embedded
// through the llm service, ranked by an index in this process that is kept
// in step with every replica by polling Mongo. See README.md.
package main

import (
	"context"
	"time"

	knowledgev1 "github.com/copydesk/copydesk/gen/copydesk/knowledge/v1"
	llmv1 "github.com/copydesk/copydesk/gen/copydesk/llm/v1"
	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/embedder"
	"github.com/copydesk/copydesk/services/knowledge/internal/store"
	"github.com/copydesk/copydesk/services/knowledge/internal/transport"
)

func main() { service.Main(spec) }

var spec = service.Spec[Config]{
	Name: knowledgev1.KnowledgeService_ServiceDesc.ServiceName, Load: LoadConfig,
	Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
}

func wire(ctx context.Context, env *service.Env, c Config) error {
	users, err := env.Dial(c.UsersAddr)
	if err != nil {
		return err
	}
	llm, err := env.Dial(c.LLMAddr)
	if err != nil {
		return err
	}
	files, err := blobstore.Open(ctx, c.Files)
	if err != nil {
		return err
	}
	svc, err := domain.New(domain.Deps{
		Chunks: store.NewChunks(env.DB), Sources: store.NewSources(env.DB), Leases: store.NewLeases(env.DB),
		Embedder:  &embedder.LLM{Client: llmv1.NewLLMServiceClient(llm), Model: c.EmbeddingModel},
		Index:     c.searchIndex(env.DB),
		Companies: tenancy.ActiveCompany(directory.NewLookup(usersv1.NewDirectoryServiceClient(users))),
		Files:     files, Settings: c.Settings(), Log: env.Log,
	})
	if err != nil {
		return err
	}
	if err := c.startIndexSync(ctx, env, svc); err != nil {
		return err
	}
	env.Every("re-embed chunks", c.ReembedInterval, svc.Reembed(c.ReembedInterval))
	env.Every("purge deleted chunks", time.Hour, svc.PurgeTombstones(c.TombstoneRetention))
	knowledgev1.RegisterKnowledgeServiceServer(env.Server, transport.NewServer(svc))
	return nil
}
