package edge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/gateway/internal/httpbuf"
)

// stripReadOnly applies the edit route's rule (edits.go) to the body of
// a PUT or PATCH: read-only fields that are moving or unchanged are taken
// out, a changed one is a 422 (frozen_field). It reports false when it has answered.
func (m *routeMiddleware) stripReadOnly(w http.ResponseWriter, r *http.Request, route string) bool {
	e := m.edits[route]
	if e == nil || len(e.outputOnly) == 0 || r.Body == nil || r.Body == http.NoBody {
		return true
	}
	data, ok := readBody(w, r)
	if !ok {
		return false
	}
	var body map[string]json.RawMessage
	if json.Unmarshal(data, &body) != nil {
		return true // not an object: the decoder says what is wrong
	}
	var drop, compare []string
	for k := range body {
		fd, ok := e.outputOnly[k]
		switch {
		case !ok:
		case moving(fd):
			drop = append(drop, k)
		case e.readable:
			compare = append(compare, k)
		}
	}
	if len(compare) > 0 {
		sort.Strings(compare)
		stored, ok := m.readStored(w, r, e)
		if !ok {
			return false
		}
		for _, k := range compare {
			if !sameValue(e, stored, k, body[k]) {
				errorsx.WriteViolations(w, []errorsx.Violation{{
					Loc: []string{"body", k}, Msg: "Field is read-only; it may only be sent unchanged", Type: "frozen_field",
				}})
				return false
			}
		}
		drop = append(drop, compare...)
	}
	if len(drop) == 0 {
		return true
	}
	for _, k := range drop {
		delete(body, k)
	}
	out, err := json.Marshal(body)
	if err != nil {
		return true // raw values that do not re-encode: the decoder refuses them
	}
	setBody(r, out)
	return true
}

// readBody reads the whole (bounded) body and puts it back for the next
// step; it reports false when it has answered (413, or 422 unreadable).
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, true
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			errorsx.WriteDetail(w, http.StatusRequestEntityTooLarge, errorsx.MsgBodyTooLarge)
			return nil, false
		}
		errorsx.WriteViolations(w, []errorsx.Violation{{Loc: []string{"body"}, Msg: "Request body could not be read", Type: "body_unreadable"}})
		return nil, false
	}
	setBody(r, data)
	return data, true
}

func setBody(r *http.Request, data []byte) {
	r.Body = io.NopCloser(bytes.NewReader(data))
	r.ContentLength = int64(len(data))
	r.Header.Set("Content-Length", strconv.Itoa(len(data)))
}

// readStored reads the record through the resource's own GET at the same
// path, as the caller (same token, same checks). An answer other than 200
// (404 for a record of another company, 403) is passed on as it is.
func (m *routeMiddleware) readStored(w http.ResponseWriter, r *http.Request, e *editRoute) (*dynamicpb.Message, bool) {
	ctx := r.Context()
	if info := infoFrom(ctx); info != nil {
		cp := *info // the read must not relabel the edit's log line
		ctx = context.WithValue(ctx, infoKey{}, &cp)
	}
	get, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL.Path, nil)
	if err != nil {
		errorsx.WriteDetail(w, http.StatusBadRequest, "Invalid request path")
		return nil, false
	}
	get.URL.RawPath = r.URL.RawPath
	get.Header = r.Header.Clone()
	get.Header.Del("Content-Type")
	get.Header.Del("Content-Length")
	rec := &bufferedAnswer{Head: http.Header{}}
	m.mux.ServeHTTP(rec, get)
	if rec.Code != http.StatusOK {
		for k, v := range rec.Head {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return nil, false
	}
	stored := dynamicpb.NewMessage(e.resource)
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(rec.Body.Bytes(), stored); err != nil {
		errorsx.WriteDetail(w, http.StatusInternalServerError, errorsx.MsgInternal)
		return nil, false
	}
	return stored, true
}

// sameValue reports whether raw, the client's JSON for read-only field k,
// equals the stored value (compared as protobuf values, so "2024-01-01T00:00:00Z"
// and "2024-01-01T00:00:00.000Z" agree).
func sameValue(e *editRoute, stored *dynamicpb.Message, k string, raw json.RawMessage) bool {
	fd := e.outputOnly[k]
	sent := dynamicpb.NewMessage(e.resource)
	doc, err := json.Marshal(map[string]json.RawMessage{k: raw})
	if err != nil || protojson.Unmarshal(doc, sent) != nil {
		return false
	}
	want := dynamicpb.NewMessage(e.resource)
	if stored.Has(fd) {
		want.Set(fd, stored.Get(fd))
	}
	return proto.Equal(sent, want)
}

// bufferedAnswer keeps an inner answer for the edge to look at.
type bufferedAnswer = httpbuf.Answer
