package errorsx

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/copydesk/copydesk/pkg/grpcserver"
)

// StatusClientClosedRequest is the status logged when the client went away
// (nginx's 499); the client never sees it.
const StatusClientClosedRequest = 499

// Handler returns the mux's one error handler (runtime.WithErrorHandler).
// Unexpected errors are logged with their code and message; the client gets
// a neutral body.
func Handler(log *slog.Logger) runtime.ErrorHandlerFunc {
	return func(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
		w.Header().Del("Trailer")
		w.Header().Del("Transfer-Encoding")
		var hs *runtime.HTTPStatusError
		if errors.As(err, &hs) {
			WriteDetail(w, hs.HTTPStatus, http.StatusText(hs.HTTPStatus))
			return
		}
		s := status.Convert(err)
		switch s.Code() {
		case codes.InvalidArgument:
			invalidArgument(w, r, s)
		case codes.NotFound:
			WriteDetail(w, http.StatusNotFound, public(s, "Item not found"))
		case codes.AlreadyExists, codes.Aborted, codes.FailedPrecondition:
			WriteDetail(w, http.StatusConflict, public(s, "Conflict"))
		case codes.PermissionDenied:
			WriteDetail(w, http.StatusForbidden, public(s, "Not enough permissions"))
		case codes.Unauthenticated:
			WriteUnauthorized(w, public(s, MsgBadCredentials))
		case codes.ResourceExhausted:
			if secs := retryAfter(s); secs > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
			WriteDetail(w, http.StatusTooManyRequests, public(s, "Too many requests"))
		case codes.Unavailable:
			// A peer down (crashed, restarting, draining) is transient:
			// tell clients when to try again.
			w.Header().Set("Retry-After", "1")
			WriteDetail(w, http.StatusServiceUnavailable, "Service unavailable")
		case codes.DeadlineExceeded:
			WriteDetail(w, http.StatusGatewayTimeout, "Gateway timeout")
		case codes.Canceled:
			WriteDetail(w, StatusClientClosedRequest, "Request cancelled")
		case codes.Unimplemented:
			WriteDetail(w, http.StatusNotImplemented, "Not implemented")
		default:
			log.ErrorContext(ctx, "upstream error", "code", s.Code().String(), "error", s.Message())
			WriteDetail(w, http.StatusInternalServerError, MsgInternal)
		}
	}
}

// RoutingHandler answers unknown paths (404) and wrong methods (405).
func RoutingHandler(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, _ *http.Request, code int) {
	switch code {
	case http.StatusNotFound:
		WriteDetail(w, code, "Not Found")
	case http.StatusMethodNotAllowed:
		WriteDetail(w, code, "Method Not Allowed")
	case http.StatusBadRequest:
		WriteDetail(w, code, "Bad Request")
	default:
		WriteDetail(w, http.StatusInternalServerError, MsgInternal)
	}
}

// public is the status message, which the services set to a client-facing
// text (pkg/errs.Public), or def when it is empty.
func public(s *status.Status, def string) string {
	if m := strings.TrimSpace(s.Message()); m != "" {
		return m
	}
	return def
}

// queryParamErr matches grpc-gateway's query/path parameter parse errors.
var queryParamErr = regexp.MustCompile(`^(?:parsing field|parsing list|too many values for field|duplicate field|type mismatch, parameter:) "?([A-Za-z0-9_.]+)"?`)

func invalidArgument(w http.ResponseWriter, r *http.Request, s *status.Status) {
	if p, ok := parseProblem(s.Message()); ok {
		if p.Kind == KindBodyTooLarge {
			WriteDetail(w, http.StatusRequestEntityTooLarge, MsgBodyTooLarge)
			return
		}
		WriteViolations(w, []Violation{{Loc: orBody(p.Loc), Msg: p.Msg, Type: p.Kind}})
		return
	}
	for _, d := range s.Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			writeFieldViolations(w, r, d)
			return
		case *errdetails.ErrorInfo:
			switch d.GetReason() {
			case grpcserver.ReasonMalformedID, grpcserver.ReasonBadRequest:
				WriteDetail(w, http.StatusBadRequest, public(s, "Bad request"))
				return
			case grpcserver.ReasonTooLarge:
				WriteDetail(w, http.StatusRequestEntityTooLarge, public(s, MsgBodyTooLarge))
				return
			case grpcserver.ReasonUnsupportedMedia:
				WriteDetail(w, http.StatusUnsupportedMediaType, public(s, "Unsupported media type"))
				return
			}
		}
	}
	// No detail: a query or path parameter the gateway could not parse
	// (grpc-gateway's own message), or a bare InvalidArgument.
	if m := queryParamErr.FindStringSubmatch(s.Message()); m != nil {
		WriteViolations(w, []Violation{{Loc: append([]string{"query"}, strings.Split(m[1], ".")...), Msg: "Input is not valid for this parameter", Type: "value_error"}})
		return
	}
	WriteViolations(w, []Violation{{Loc: []string{location(r)}, Msg: "Invalid request", Type: "value_error"}})
}

func writeFieldViolations(w http.ResponseWriter, r *http.Request, br *errdetails.BadRequest) {
	vs := make([]Violation, 0, len(br.GetFieldViolations()))
	for _, fv := range br.GetFieldViolations() {
		loc := []string{location(r)}
		if f := fv.GetField(); f != "" {
			loc = append(loc, strings.Split(f, ".")...)
		}
		typ := fv.GetReason()
		if typ == "" {
			typ = "value_error"
		}
		vs = append(vs, Violation{Loc: loc, Msg: fv.GetDescription(), Type: typ})
	}
	WriteViolations(w, vs)
}

// location is where a service's field names point: the query of reads,
// the body of writes.
func location(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodDelete || r.Method == http.MethodHead {
		return "query"
	}
	return "body"
}

func orBody(loc []string) []string {
	if len(loc) == 0 {
		return []string{"body"}
	}
	return loc
}

// retryAfter is the RetryInfo delay in whole seconds, rounded up.
func retryAfter(s *status.Status) int {
	for _, d := range s.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay() != nil {
			secs := math.Ceil(ri.GetRetryDelay().AsDuration().Seconds())
			if secs < 1 {
				return 1
			}
			return int(secs)
		}
	}
	return 0
}
