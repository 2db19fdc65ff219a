package domain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/upload"
)

// Attachment is a file attached to a ticket. The file itself is in the
// file store under companies/{company}/attachments/{id}.
type Attachment struct {
	ID          string
	CompanyID   string
	TicketID    string
	Name        string // display name, never a path
	ContentType string // verified from the content
	Size        int
	UploadedBy  string
	CreatedAt   time.Time
}

// AttachmentKinds are the files a ticket accepts: documents, images and
// office files. Everything else (executables, archives, HTML, SVG) is
// refused with 415.
var AttachmentKinds = []upload.Kind{upload.PDF, upload.PNG, upload.JPEG, upload.GIF, upload.WebP,
	upload.Text, upload.Markdown, upload.CSV, upload.DOCX, upload.XLSX, upload.PPTX}

// AttachmentStore keeps attachment metadata; every method takes the
// ticket's company and the ticket.
type AttachmentStore interface {
	// NewID returns a fresh attachment id (the file's key is built from it).
	NewID() string
	InsertAttachment(ctx context.Context, a Attachment) error
	GetAttachment(ctx context.Context, companyID, ticketID, id string) (Attachment, error)
	ListAttachments(ctx context.Context, companyID, ticketID string, p Page) ([]Attachment, int64, error)
	DeleteAttachment(ctx context.Context, companyID, ticketID, id string) error
}

// Attachments are the use cases of ticket files. They follow the ticket's
// rules: whoever may see the ticket (a client: created or followed) may
// list, download and attach; the uploader and managers may delete.
type Attachments struct {
	svc      *Service
	store    AttachmentStore
	files    blobstore.Store
	maxBytes int
}

// NewAttachments returns the attachment use cases over svc's tickets.
func NewAttachments(svc *Service, store AttachmentStore, files blobstore.Store, maxBytes int) (*Attachments, error) {
	if svc == nil || store == nil || files == nil || maxBytes <= 0 {
		return nil, errors.New("tickets attachments: missing dependency")
	}
	return &Attachments{svc: svc, store: store, files: files, maxBytes: maxBytes}, nil
}

// MaxBytes is the largest file accepted.
func (a *Attachments) MaxBytes() int { return a.maxBytes }

// CanAttach checks that p may attach to the ticket before any byte of the
// file is read (another company's ticket is 404).
func (a *Attachments) CanAttach(ctx context.Context, p principal.Principal, ticketID string) error {
	_, _, err := a.svc.get(ctx, p, ticketID)
	return err
}

// Upload checks and stores a file and records it on the ticket.
func (a *Attachments) Upload(ctx context.Context, p principal.Principal, ticketID, name string, data []byte) (Attachment, error) {
	t, sc, err := a.svc.get(ctx, p, ticketID)
	if err != nil {
		return Attachment{}, err
	}
	f, err := upload.Check(name, data, a.maxBytes, AttachmentKinds)
	if err != nil {
		return Attachment{}, err
	}
	at := Attachment{ID: a.store.NewID(), CompanyID: t.CompanyID, TicketID: t.ID, Name: f.Name,
		ContentType: f.Kind.ContentType, Size: f.Size, UploadedBy: p.UserID, CreatedAt: a.svc.now()}
	key, err := blobstore.Key(at.CompanyID, "attachments", at.ID)
	if err != nil {
		return Attachment{}, err
	}
	// The file first: metadata never points at a file that is not there.
	if err := a.files.Put(ctx, key, data, at.ContentType); err != nil {
		return Attachment{}, fmt.Errorf("store attachment: %w", err)
	}
	if err := a.store.InsertAttachment(ctx, at); err != nil {
		a.discard(ctx, key)
		return Attachment{}, err
	}
	// The attachment is stored; its history entry is an event of the
	// ticket, relayed like every other (a failure here is logged: the
	// relay job cannot know of an event that was never appended).
	a.note(ctx, p, sc, t, change{action: "attached", field: "attachments", to: at.ID, note: at.Name})
	return at, nil
}

// List pages the attachments of a ticket p may see, newest first.
func (a *Attachments) List(ctx context.Context, p principal.Principal, ticketID string, pg Page) ([]Attachment, int64, error) {
	t, _, err := a.svc.get(ctx, p, ticketID)
	if err != nil {
		return nil, 0, err
	}
	return a.store.ListAttachments(ctx, t.CompanyID, t.ID, pg)
}

// Get reads an attachment of a ticket p may see with a short-lived
// download link.
func (a *Attachments) Get(ctx context.Context, p principal.Principal, ticketID, id string) (Attachment, blobstore.Link, error) {
	at, err := a.read(ctx, p, ticketID, id)
	if err != nil {
		return Attachment{}, blobstore.Link{}, err
	}
	key, err := blobstore.Key(at.CompanyID, "attachments", at.ID)
	if err != nil {
		return Attachment{}, blobstore.Link{}, err
	}
	link, err := a.files.Link(ctx, key, blobstore.Download{Filename: at.Name, ContentType: at.ContentType})
	if err != nil {
		return Attachment{}, blobstore.Link{}, fmt.Errorf("attachment link: %w", err)
	}
	return at, link, nil
}

// Delete removes an attachment (its uploader or a manager) and its file.
func (a *Attachments) Delete(ctx context.Context, p principal.Principal, ticketID, id string) (Attachment, error) {
	t, sc, err := a.svc.get(ctx, p, ticketID)
	if err != nil {
		return Attachment{}, err
	}
	at, err := a.store.GetAttachment(ctx, t.CompanyID, t.ID, id)
	if err != nil {
		return Attachment{}, err
	}
	if !isManager(p) && at.UploadedBy != p.UserID {
		return Attachment{}, errs.New(errs.ErrPermissionDenied, "Only the uploader or a manager may delete an attachment")
	}
	// Metadata first: nobody is offered a file that is gone; a file left
	// by a failed delete is never linked again.
	if err := a.store.DeleteAttachment(ctx, t.CompanyID, t.ID, id); err != nil {
		return Attachment{}, err
	}
	key, err := blobstore.Key(at.CompanyID, "attachments", at.ID)
	if err == nil {
		a.discard(ctx, key)
	}
	a.note(ctx, p, sc, t, change{action: "detached", field: "attachments", from: at.ID, note: at.Name})
	return at, nil
}

func (a *Attachments) read(ctx context.Context, p principal.Principal, ticketID, id string) (Attachment, error) {
	t, _, err := a.svc.get(ctx, p, ticketID)
	if err != nil {
		return Attachment{}, err
	}
	return a.store.GetAttachment(ctx, t.CompanyID, t.ID, id)
}

// discard deletes a file that nothing refers to any more; a failure is
// logged (the file is unreachable without its metadata).
func (a *Attachments) discard(ctx context.Context, key string) {
	if err := a.files.Delete(context.WithoutCancel(ctx), key); err != nil {
		a.svc.log.ErrorContext(ctx, "attachment file not deleted", "key", key, "error", err.Error())
	}
}

// note records an attachment change on the ticket's history.
func (a *Attachments) note(ctx context.Context, p principal.Principal, sc Scope, t Ticket, c change) {
	if err := a.svc.appendEvents(ctx, sc, t, events(p, a.svc.now(), c)); err != nil {
		a.svc.log.ErrorContext(ctx, "attachment history not recorded", "ticket_id", t.ID, "error", err.Error())
	}
}
