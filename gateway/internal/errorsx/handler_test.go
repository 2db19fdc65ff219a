package errorsx_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
)

// toStatus is what a service sends for a domain error.
func toStatus(err error) error {
	s, _ := grpcserver.ToStatus(err)
	return s.Err()
}

func TestHandler(t *testing.T) {
	t.Parallel()
	h := errorsx.Handler(slog.New(slog.NewJSONHandler(io.Discard, nil)))
	tests := []struct {
		name, method string
		err          error
		code         int
		body         string
	}{
		{"canceled", http.MethodGet, status.Error(codes.Canceled, "context canceled"), 499, `{"detail":"Request cancelled"}`},
		{"unimplemented", http.MethodGet, status.Error(codes.Unimplemented, "unknown method X for service Y"), 501, `{"detail":"Not implemented"}`},
		{"data loss masked", http.MethodGet, status.Error(codes.DataLoss, "disk /var/lib/mongo"), 500, `{"detail":"Internal server error"}`},
		{"plain error", http.MethodGet, errors.New("boom at 10.0.0.1"), 500, `{"detail":"Internal server error"}`},
		{"http status error", http.MethodGet, &runtime.HTTPStatusError{HTTPStatus: 400, Err: errors.New("bad %")}, 400, `{"detail":"Bad Request"}`},
		{"body too large", http.MethodPost, status.Errorf(codes.InvalidArgument, "%v", errorsx.BodyTooLarge()), 413, `{"detail":"Request body too large"}`},
		{"decode problem", http.MethodPost, status.Errorf(codes.InvalidArgument, "%v",
			errorsx.DecodeError(errorsx.Problem{Kind: "extra_forbidden", Loc: []string{"body", "role"}, Msg: "Extra inputs are not permitted"})),
			422, `{"detail":[{"loc":["body","role"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]}`},
		{"bare invalid argument", http.MethodPost, status.Error(codes.InvalidArgument, "grpc: error unmarshalling request at host x"),
			422, `{"detail":[{"loc":["body"],"msg":"Invalid request","type":"value_error"}]}`},
		{"upload too large", http.MethodPost, toStatus(errs.New(errs.ErrTooLarge, "The file is larger than the limit of 10 bytes")),
			413, `{"detail":"The file is larger than the limit of 10 bytes"}`},
		{"upload type refused", http.MethodPost, toStatus(errs.New(errs.ErrUnsupportedMediaType, "The file's content is not .pdf")),
			415, `{"detail":"The file's content is not .pdf"}`},
		{"path parameter", http.MethodGet, status.Error(codes.InvalidArgument, "type mismatch, parameter: id, error: x"),
			422, `{"detail":[{"loc":["query","id"],"msg":"Input is not valid for this parameter","type":"value_error"}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := httptest.NewRecorder()
			r := httptest.NewRequestWithContext(t.Context(), tc.method, "/api/x", nil)
			h(t.Context(), nil, nil, w, r, tc.err)
			if w.Code != tc.code || w.Body.String() != tc.body {
				t.Fatalf("got %d %s, want %d %s", w.Code, w.Body.String(), tc.code, tc.body)
			}
		})
	}
}
