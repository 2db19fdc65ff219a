package edge

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/pkg/upload"
)

// Upload routes take multipart/form-data (grpc-gateway has no multipart):
// the edge parses the body as a stream and passes the file on to the
// owning service's client-streaming RPC in upload.ChunkBytes chunks, so
// neither the edge nor a gRPC message ever holds more than a chunk. The
// form's text fields must come before the file part named "file" (they
// make the stream's header, which the service checks — permissions and
// target company — before it reads any byte of the file).
const (
	pathTicketAttachments = "/api/tickets/{id}/attachments"
	pathKnowledgeUpload   = "/api/knowledge_sources/upload"
	// uploadTimeout bounds one upload, reading the body included.
	uploadTimeout = 5 * time.Minute
	// maxFieldBytes bounds one text field of an upload form.
	maxFieldBytes = 64 << 10
)

// isUploadPath tells whether a request goes to an upload route (known
// before routing): its body is multipart/form-data and may be as large as
// the upload limit.
func isUploadPath(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := r.URL.Path
	if p == pathKnowledgeUpload {
		return true
	}
	rest, ok := strings.CutPrefix(p, "/api/tickets/")
	id, tail, _ := strings.Cut(rest, "/")
	return ok && id != "" && tail == "attachments"
}

// uploadStream is the client side of an upload RPC: the header message
// (built from the form's fields and the file name), chunk messages, and
// the answer.
type uploadStream interface {
	sendHeader(fields map[string][]string, filename string) error
	sendChunk(b []byte) error
	closeAndRecv() (proto.Message, error)
}

// serveUpload reads the multipart body, opens the stream with open when
// the file part starts, and answers the service's response.
func serveUpload(mux *runtime.ServeMux, method, pattern string, allowed []string, w http.ResponseWriter, r *http.Request,
	open func(ctx context.Context) (uploadStream, error)) {
	_, outbound := runtime.MarshalerForRequest(mux, r)
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTimeout))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadTimeout + 15*time.Second))
	ctx, err := runtime.AnnotateContext(r.Context(), mux, r, method, runtime.WithHTTPPathPattern(pattern))
	if err != nil {
		runtime.HTTPError(r.Context(), mux, outbound, w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, uploadTimeout)
	defer cancel() // an unfinished stream is cancelled: the service stores nothing
	mr, err := r.MultipartReader()
	if err != nil {
		formError(w, "body", "A multipart/form-data body is required", "multipart_invalid")
		return
	}
	fields := map[string][]string{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			formError(w, "file", "A file is required (form field \"file\")", "missing")
			return
		}
		if err != nil {
			bodyError(w, err)
			return
		}
		name := part.FormName()
		if name != "file" {
			if part.FileName() != "" || !slices.Contains(allowed, name) {
				formError(w, name, "Unexpected form field (the file goes in \"file\")", "extra_forbidden")
				return
			}
			v, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
			if err != nil {
				bodyError(w, err)
				return
			}
			if len(v) > maxFieldBytes {
				formError(w, name, "The field is too long", "string_too_long")
				return
			}
			if !utf8.Valid(v) {
				formError(w, name, "The field must be valid UTF-8", "string_unicode")
				return
			}
			fields[name] = append(fields[name], string(v))
			continue
		}
		if !utf8.ValidString(part.FileName()) {
			formError(w, "file", "The file name must be valid UTF-8", "string_unicode")
			return
		}
		resp, err := streamFile(ctx, open, fields, part, mr)
		if err != nil {
			var fe *formErr
			switch {
			case errors.As(err, &fe):
				formError(w, fe.field, fe.msg, fe.typ)
			case isBodyError(err):
				bodyError(w, err)
			default:
				runtime.HTTPError(ctx, mux, outbound, w, r, err)
			}
			return
		}
		runtime.ForwardResponseMessage(ctx, mux, outbound, w, r, resp)
		return
	}
}

// streamFile sends the header and the file part's bytes, then checks that
// nothing follows the file.
func streamFile(ctx context.Context, open func(context.Context) (uploadStream, error), fields map[string][]string,
	part *multipart.Part, mr *multipart.Reader) (proto.Message, error) {
	st, err := open(ctx)
	if err != nil {
		return nil, err
	}
	if err := st.sendHeader(fields, part.FileName()); err != nil {
		return st.closeAndRecv() // the service refused the header: its error
	}
	buf := make([]byte, upload.ChunkBytes)
	for {
		n, rerr := io.ReadFull(part, buf)
		if n > 0 {
			if err := st.sendChunk(buf[:n]); err != nil {
				return st.closeAndRecv() // the service stopped reading: its error
			}
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			return nil, &bodyErr{rerr}
		}
	}
	if next, err := mr.NextPart(); err == nil {
		return nil, &formErr{field: next.FormName(), msg: "Form fields must come before the file", typ: "extra_forbidden"}
	} else if !errors.Is(err, io.EOF) {
		return nil, &bodyErr{err}
	}
	return st.closeAndRecv()
}

type formErr struct{ field, msg, typ string }

func (e *formErr) Error() string { return e.msg }

// bodyErr is a failure to read the request body.
type bodyErr struct{ err error }

func (e *bodyErr) Error() string { return e.err.Error() }
func (e *bodyErr) Unwrap() error { return e.err }

func isBodyError(err error) bool {
	var be *bodyErr
	return errors.As(err, &be)
}

func formError(w http.ResponseWriter, field, msg, typ string) {
	errorsx.WriteViolations(w, []errorsx.Violation{{Loc: []string{"body", field}, Msg: msg, Type: typ}})
}

// bodyError answers a body that could not be read: over the upload limit
// (413), or malformed multipart (422).
func bodyError(w http.ResponseWriter, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		w.Header().Set("Connection", "close")
		errorsx.WriteDetail(w, http.StatusRequestEntityTooLarge, errorsx.MsgBodyTooLarge)
		return
	}
	formError(w, "body", "The multipart body could not be read", "multipart_invalid")
}
