package integrations

import (
	"context"
	"fmt"
)

// pageStep fetches one page of the phase (products to ingest, or every
// live id to prune by) and processes it; the last page moves the job on.
func (s *Service) pageStep(ctx context.Context, it Integration, j *Job) error {
	token, err := s.Store.Secret(ctx, it.CompanyID, it.ID)
	if err != nil {
		return err
	}
	conn := ShopifyConn{Domain: it.ShopDomain, Version: it.APIVersion, Token: token}
	q := ProductQuery{PageInfo: j.Cursor, Limit: s.Settings.PageSize, IDsOnly: j.Phase == PhasePrune}
	if j.Phase == PhaseProducts && j.Mode == ModeIncremental {
		q.Since = j.Since
	}
	if q.IDsOnly {
		q.Limit = 250
	}
	page, err := s.Shopify.Products(ctx, conn, q)
	if err != nil {
		return err
	}
	ids := make([]int64, len(page.Products))
	for i, p := range page.Products {
		ids[i] = p.ID
	}
	if j.Phase == PhasePrune {
		if err := s.Jobs.MarkSeen(ctx, it.ID, ids, j.ID); err != nil {
			return err
		}
	} else if err := s.ingestPage(ctx, it, j, page.Products, ids); err != nil {
		return err
	}
	j.Cursor = page.Next
	if page.Next == "" {
		// A full sync has seen every live product; an incremental one
		// pages every id next, since deletions leave no updated_at.
		if j.Phase == PhaseProducts && j.Mode == ModeIncremental {
			j.Phase = PhasePrune
		} else {
			j.Phase = PhaseRemove
		}
	}
	return nil
}

// ingestPage writes the page's products into knowledge, skipping those
// the ledger has at the same updated_at.
func (s *Service) ingestPage(ctx context.Context, it Integration, j *Job, products []Product, ids []int64) error {
	known, err := s.Jobs.Ledger(ctx, it.ID, ids)
	if err != nil {
		return err
	}
	for _, p := range products {
		j.Fetched++
		if p.UpdatedAt.After(j.Watermark) {
			j.Watermark = p.UpdatedAt
		}
		e, ok := known[p.ID]
		if ok && e.SourceID != "" && e.UpdatedAt.Equal(p.UpdatedAt) {
			j.Unchanged++
			if err := s.Jobs.MarkSeen(ctx, it.ID, []int64{p.ID}, j.ID); err != nil {
				return err
			}
			continue
		}
		src, unchanged, err := s.Knowledge.Ingest(ctx, it.CompanyID, productDocument(it.ShopDomain, p))
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			j.Failed++
			j.addError(fmt.Sprintf("product %d: %s", p.ID, userText(err)))
			// Still live in Shopify: what knowledge has of it stays.
			if err := s.Jobs.MarkSeen(ctx, it.ID, []int64{p.ID}, j.ID); err != nil {
				return err
			}
			continue
		}
		if unchanged {
			j.Unchanged++
		} else {
			j.Ingested++
		}
		if err := s.Jobs.PutLedger(ctx, LedgerEntry{IntegrationID: it.ID, CompanyID: it.CompanyID, ProductID: p.ID,
			SourceID: src, UpdatedAt: p.UpdatedAt, SeenJob: j.ID}); err != nil {
			return err
		}
	}
	if j.Watermark.Before(j.Since) {
		j.Watermark = j.Since
	}
	return nil
}

// removeStep removes from knowledge a batch of the products the job did
// not see live; the job is done when none is left.
func (s *Service) removeStep(ctx context.Context, j *Job) (done bool, err error) {
	gone, err := s.Jobs.Unseen(ctx, j.IntegrationID, j.ID, 50)
	if err != nil || len(gone) == 0 {
		return err == nil, err
	}
	for _, e := range gone {
		if e.SourceID != "" {
			if err := s.Knowledge.DeleteSource(ctx, e.SourceID); err != nil {
				return false, err
			}
		}
		if err := s.Jobs.DropLedger(ctx, j.IntegrationID, e.ProductID); err != nil {
			return false, err
		}
		j.Removed++
	}
	return false, nil
}
