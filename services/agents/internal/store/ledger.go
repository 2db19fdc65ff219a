package store

import (
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// ledgerDoc is what the sync knows of one product (shopify_products).
type ledgerDoc struct {
	ID            string    `bson:"_id"` // <integration>:<product>
	IntegrationID string    `bson:"integration_id"`
	CompanyID     string    `bson:"company_id"`
	ProductID     int64     `bson:"product_id"`
	SourceID      string    `bson:"source_id"`
	UpdatedAt     time.Time `bson:"updated_at"`
	SeenJob       string    `bson:"seen_job"`
}

func ledgerID(integrationID string, productID int64) string {
	return integrationID + ":" + strconv.FormatInt(productID, 10)
}

func (d ledgerDoc) domain() integrations.LedgerEntry {
	return integrations.LedgerEntry{IntegrationID: d.IntegrationID, CompanyID: d.CompanyID, ProductID: d.ProductID,
		SourceID: d.SourceID, UpdatedAt: d.UpdatedAt.UTC(), SeenJob: d.SeenJob}
}

func ledgerIDs(integrationID string, productIDs []int64) bson.A {
	ids := make(bson.A, len(productIDs))
	for i, p := range productIDs {
		ids[i] = ledgerID(integrationID, p)
	}
	return ids
}

// Ledger reads the entries of the given products.
func (s *SyncJobs) Ledger(ctx ctxT, integrationID string, productIDs []int64) (map[int64]integrations.LedgerEntry, error) {
	out := map[int64]integrations.LedgerEntry{}
	if len(productIDs) == 0 {
		return out, nil
	}
	es, err := mongox.FindAll(ctx, s.ledger, bson.M{"_id": bson.M{"$in": ledgerIDs(integrationID, productIDs)}}, options.Find(), ledgerDoc.domain)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		out[e.ProductID] = e
	}
	return out, nil
}

// PutLedger writes a product's entry.
func (s *SyncJobs) PutLedger(ctx ctxT, e integrations.LedgerEntry) error {
	if err := requireCompany(e.CompanyID); err != nil {
		return err
	}
	d := ledgerDoc{ID: ledgerID(e.IntegrationID, e.ProductID), IntegrationID: e.IntegrationID, CompanyID: e.CompanyID,
		ProductID: e.ProductID, SourceID: e.SourceID, UpdatedAt: e.UpdatedAt, SeenJob: e.SeenJob}
	if _, err := s.ledger.ReplaceOne(ctx, bson.M{"_id": d.ID}, d, options.Replace().SetUpsert(true)); err != nil {
		return fmt.Errorf("write product ledger: %w", err)
	}
	return nil
}

// MarkSeen records that job saw the products live.
func (s *SyncJobs) MarkSeen(ctx ctxT, integrationID string, productIDs []int64, jobID string) error {
	if len(productIDs) == 0 {
		return nil
	}
	if _, err := s.ledger.UpdateMany(ctx, bson.M{"_id": bson.M{"$in": ledgerIDs(integrationID, productIDs)}},
		bson.M{"$set": bson.M{"seen_job": jobID}}); err != nil {
		return fmt.Errorf("mark products seen: %w", err)
	}
	return nil
}

// Unseen lists entries of the connection that job did not see.
func (s *SyncJobs) Unseen(ctx ctxT, integrationID, jobID string, limit int) ([]integrations.LedgerEntry, error) {
	return mongox.FindAll(ctx, s.ledger, bson.M{"integration_id": integrationID, "seen_job": bson.M{"$ne": jobID}},
		options.Find().SetLimit(int64(limit)), ledgerDoc.domain)
}

// DropLedger deletes a product's entry.
func (s *SyncJobs) DropLedger(ctx ctxT, integrationID string, productID int64) error {
	if _, err := s.ledger.DeleteOne(ctx, bson.M{"_id": ledgerID(integrationID, productID)}); err != nil {
		return fmt.Errorf("drop product ledger: %w", err)
	}
	return nil
}
